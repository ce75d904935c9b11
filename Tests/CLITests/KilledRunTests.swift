import Foundation
import Testing

/// A run killed with SIGKILL (issue 20): no handler runs, so the output it was replacing must
/// survive by construction (records go to a temporary file that is renamed only at the end),
/// and the next run into the same folder removes the dead run's temporary file.
@Suite("sangloc screen killed with SIGKILL")
struct KilledRunTests {
    @Test("the previous output is untouched and the next run removes the temporary file")
    func killedWhileWriting() throws {
        let folder = try SanglocProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Enough posts that the run is still writing when it is killed (seconds in a debug build).
        let posts = folder.appendingPathComponent("posts.jsonl")
        var lines = ""
        for n in 0..<200_000 { lines += #"{"id":"\#(n)","text":"Bài viết số \#(n), chuyển khoản vào stk 0123456789 nhé"}"# + "\n" }
        try Data(lines.utf8).write(to: posts)
        let output = folder.appendingPathComponent("out.jsonl")
        let previous = Data("the previous run's records\n".utf8)
        try previous.write(to: output)

        let process = Process()
        process.executableURL = try SanglocProcess.binary()
        process.arguments = ["screen", posts.path, "--output", output.path, "--jobs", "1"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        let temporary = folder.appendingPathComponent(".out.jsonl.\(process.processIdentifier).tmp")
        // Wait until the run has written part of its records, then kill it.
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline, ((try? FileManager.default.attributesOfItem(atPath: temporary.path)[.size] as? Int) ?? 0) < 4096 {
            usleep(2_000)
        }
        try #require(process.isRunning, "the run ended before it could be killed: give it more posts")
        try #require(FileManager.default.fileExists(atPath: temporary.path), "no temporary file \(temporary.lastPathComponent) after 60 s")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try Data(contentsOf: output) == previous, "a killed run must not touch the output it was replacing")
        #expect(FileManager.default.fileExists(atPath: temporary.path))

        let sample = SanglocProcess.packageRoot.appendingPathComponent("Fixtures/sample/posts.jsonl")
        let next = try SanglocProcess.run(["screen", sample.path, "--output", output.path])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(!FileManager.default.fileExists(atPath: temporary.path), "the killed run's temporary file is left behind")
        let records = String(decoding: try Data(contentsOf: output), as: UTF8.self).split(separator: "\n")
        #expect(records.count == 35)
    }
}
