import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `sangloc screen -` fed by a writer that sends some lines and then waits for their records
/// (the Spark integration does this, partition after partition, with one process): the records
/// of what was sent come out without stdin being closed, in order, one per line.
@Suite("sangloc screen on a stalled pipe")
struct ScreenPipeStallTests {
    /// How long a batch's records may take to come back (the debug binary compiles the default
    /// pack first, on a loaded machine).
    static let timeout: Double = 120

    @Test("lines written and waited on get their records before stdin closes", arguments: [
        ["--format", "jsonl"], ["--format", "jsonl", "--jobs", "2", "--output-format", "csv"], ["--format", "text"],
    ])
    func recordsArriveWhileStdinStaysOpen(options: [String]) throws {
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = try SanglocProcess.binary()
        process.arguments = ["screen", "-"] + options
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let reader = LineReader(output.fileHandleForReading.fileDescriptor)
        let text = options.contains("text")
        let csv = options.contains("csv")
        var sent = 0
        // Batches of 1, 3 and 300 lines (more than a chunk of 256 records).
        for batch in [1, 3, 300] {
            var lines = ""
            for index in sent..<(sent + batch) {
                lines += text ? "ck 500k vào stk \(index)\n" : #"{"id":"p\#(index)","text":"ck 500k vào stk \#(index)"}"# + "\n"
            }
            try input.fileHandleForWriting.write(contentsOf: Data(lines.utf8))
            if csv, sent == 0 {  // the header comes with the first records: opening the input reads a line
                let header = try reader.lines(1, within: Self.timeout)
                #expect(header.first?.hasPrefix("id,verdict,score") == true)
            }
            let records = try reader.lines(batch, within: Self.timeout)
            let ids = records.map { line in
                csv ? String(line.prefix { $0 != "," }) : String(line.split(separator: "\"")[3])
            }
            #expect(ids == (sent..<(sent + batch)).map { text ? "-:\($0 + 1)" : "p\($0)" })
            sent += batch
        }
        #expect(process.isRunning, "sangloc ended before its stdin was closed")
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(try reader.lines(1, within: Self.timeout).isEmpty, "records after the end of the input")
    }
}

/// Reads lines from a pipe with a deadline.
final class LineReader {
    private let descriptor: Int32
    private var pending: [UInt8] = []

    init(_ descriptor: Int32) { self.descriptor = descriptor }

    struct TimedOut: Error, CustomStringConvertible {
        var wanted: Int
        var got: [String]
        var description: String { "timed out waiting for \(wanted) lines; got \(got.count): \(got.suffix(3))" }
    }

    /// The next `count` lines (fewer at the end of the stream).
    /// - Throws: ``TimedOut`` when they do not all arrive within `seconds`.
    func lines(_ count: Int, within seconds: Double) throws -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        var lines: [String] = []
        while lines.count < count {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                lines.append(String(decoding: pending[..<newline], as: UTF8.self))
                pending.removeSubrange(...newline)
                continue
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw TimedOut(wanted: count, got: lines) }
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&request, 1, Int32(min(left, 1) * 1000)) > 0 else { continue }
            var block = [UInt8](repeating: 0, count: 1 << 16)
            let n = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            pending += block[..<n]
        }
        return lines
    }
}
