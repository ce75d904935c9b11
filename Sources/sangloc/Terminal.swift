#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import ArgumentParser

/// Whether a file descriptor is a terminal (for colours and the progress line).
enum Terminal {
    static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// A terminal that takes escape codes: a terminal, and `TERM` is not `dumb`.
    static func takesEscapes(_ fd: Int32) -> Bool {
        isTerminal(fd) && environment("TERM") != "dumb"
    }

    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}

/// `--color auto|always|never`. `auto` colours a terminal unless `NO_COLOR` is set (to anything
/// but the empty string, as no-color.org says) or `TERM` is `dumb`.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    /// Whether output to `fd` gets colours.
    func colors(_ fd: Int32) -> Bool {
        switch self {
        case .always: true
        case .never: false
        case .auto: Terminal.takesEscapes(fd) && (Terminal.environment("NO_COLOR") ?? "").isEmpty
        }
    }
}

/// Unbuffered writes to a file descriptor.
struct FileOutput {
    let fd: Int32
    static let stderr = FileOutput(fd: 2)

    func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { return }
                offset += n
            }
        }
    }
}

/// `write(2)`, named apart from ``FileOutput/write(_:)``.
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, bytes, count)
}
