import Foundation
import Testing

/// Runs the built `sangloc` binary (`.build/debug/sangloc`, or `$SANGLOC_BINARY`) from the
/// package root, as a user would.
enum SanglocProcess {
    /// The package root: three levels above this file.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct BinaryMissing: Error, CustomStringConvertible {
        var path: String
        var description: String { "\(path) not found: run `swift build` before `swift test`" }
    }

    static func binary() throws -> URL {
        let path = ProcessInfo.processInfo.environment["SANGLOC_BINARY"]
            ?? packageRoot.appendingPathComponent(".build/debug/sangloc").path
        guard FileManager.default.isExecutableFile(atPath: path) else { throw BinaryMissing(path: path) }
        return URL(fileURLWithPath: path)
    }

    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: String
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        var lines: [String] { stdoutText.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
        /// Each stdout line parsed as a JSON object.
        var records: [[String: Any]] {
            lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }
    }

    /// Runs `sangloc arguments` from the package root with `stdin` (empty by default),
    /// collecting stdout and stderr through temporary files.
    static func run(_ arguments: [String], stdin: Data = Data()) throws -> Result {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inURL = folder.appendingPathComponent("stdin")
        let outURL = folder.appendingPathComponent("stdout")
        let errURL = folder.appendingPathComponent("stderr")
        try stdin.write(to: inURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        process.standardInput = try FileHandle(forReadingFrom: inURL)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: try Data(contentsOf: outURL),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// A fresh temporary folder; the caller removes it.
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sangloc-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// JSON Lines of `count` posts cycling through the 35 sample posts, with ids `g0`, `g1`...
    static func generatedPosts(_ count: Int) throws -> Data {
        let sample = try String(contentsOf: packageRoot.appendingPathComponent("Fixtures/sample/posts.jsonl"), encoding: .utf8)
        let texts = sample.split(separator: "\n").compactMap { line -> String? in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["text"] as? String
        }
        var data = Data()
        for index in 0..<count {
            let line = try JSONSerialization.data(withJSONObject: ["id": "g\(index)", "text": texts[index % texts.count]], options: [.sortedKeys])
            data.append(line)
            data.append(0x0A)
        }
        return data
    }
}
