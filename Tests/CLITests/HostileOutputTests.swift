import Foundation
import Testing

/// Output files that cannot hurt (issue 20): an output naming an input or another output is
/// refused, the temporary file is created new and private, the replaced file keeps its mode,
/// and temporary files of killed runs are cleaned up.
@Suite("sangloc screen writes output files safely")
struct HostileOutputTests {
    /// A folder holding a copy of the sample posts.
    static func folderWithPosts() throws -> (URL, URL) {
        let folder = try SanglocProcess.temporaryFolder()
        let posts = folder.appendingPathComponent("posts.jsonl")
        try FileManager.default.copyItem(
            at: SanglocProcess.packageRoot.appendingPathComponent("Fixtures/sample/posts.jsonl"), to: posts)
        return (folder, posts)
    }

    @Test("--output, --report or --summary-json naming the input is refused and the input is kept", arguments: ["--output", "--report", "--summary-json"])
    func outputNamingTheInput(_ option: String) throws {
        let (folder, posts) = try Self.folderWithPosts()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try Data(contentsOf: posts)
        // Through another spelling of the same file, too.
        let run = try SanglocProcess.run(["screen", posts.path, option, folder.path + "/./posts.jsonl"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("error: \(option) '\(folder.path)/./posts.jsonl' is the same file as the input '\(posts.path)'"), "\(run.stderr)")
        #expect(try Data(contentsOf: posts) == before)
    }

    @Test("one path for two of --output, --report and --summary-json is refused before anything is written")
    func oneFileForTwoOutputs() throws {
        let (folder, posts) = try Self.folderWithPosts()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("out.jsonl").path
        let run = try SanglocProcess.run(["screen", posts.path, "--output", target, "--report", target])
        #expect(run.status == 2)
        #expect(run.stderr.contains("error: --report '\(target)' is the same file as --output '\(target)'"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target))
        let summary = try SanglocProcess.run(["screen", posts.path, "--output", target, "--summary-json", folder.path + "/./out.jsonl"])
        #expect(summary.status == 2)
        #expect(summary.stderr.contains("error: --summary-json '\(folder.path)/./out.jsonl' is the same file as --output '\(target)'"),
                "\(summary.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target))
        // /dev/null may take both.
        let discarded = try SanglocProcess.run(["screen", posts.path, "--output", "/dev/null", "--summary-json", "/dev/null"])
        #expect(discarded.status == 0, "\(discarded.stderr)")
    }

    @Test("a replaced file keeps its mode; a new one is 0644 less the umask")
    func replacedFileKeepsItsMode() throws {
        let (folder, posts) = try Self.folderWithPosts()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("out.jsonl").path
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: target))
        try #require(chmod(target, 0o600) == 0)
        func mode(_ path: String) -> mode_t {
            var info = stat()
            return stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0
        }
        let run = try SanglocProcess.run(["screen", posts.path, "--output", target])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(mode(target) == 0o600)
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)).count > 4)

        let fresh = folder.appendingPathComponent("new.jsonl").path
        let mask = umask(0)
        umask(mask)
        let created = try SanglocProcess.run(["screen", posts.path, "--output", fresh])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(mode(fresh) == 0o644 & ~mask)
    }

    @Test("a link planted under the temporary file's name is not followed")
    func plantedLink() throws {
        let (folder, posts) = try Self.folderWithPosts()
        defer { try? FileManager.default.removeItem(at: folder) }
        let victim = folder.appendingPathComponent("victim.txt")
        try Data("precious\n".utf8).write(to: victim)
        let target = folder.appendingPathComponent("out.jsonl").path
        // The process ids a run may get are not known beforehand: plant links for a range of
        // them around the next ones, as an attacker would.
        let base = Int(getpid())
        for pid in base..<(base + 400) {
            try FileManager.default.createSymbolicLink(
                atPath: folder.appendingPathComponent(".out.jsonl.\(pid).tmp").path, withDestinationPath: victim.path)
        }
        let run = try SanglocProcess.run(["screen", posts.path, "--output", target])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Data(contentsOf: victim) == Data("precious\n".utf8))
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)).count > 100)
    }

    @Test("temporary files left by a killed run are removed by the next run")
    func staleTemporaryFiles() throws {
        let (folder, posts) = try Self.folderWithPosts()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A process that has exited: its id names no running process.
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let stale = folder.appendingPathComponent(".out.jsonl.\(finished.processIdentifier).tmp")
        try Data(repeating: 0x61, count: 1_000).write(to: stale)
        // One whose process still runs (this test) is left alone.
        let live = folder.appendingPathComponent(".out.jsonl.\(getpid()).tmp")
        try Data("in use\n".utf8).write(to: live)
        let run = try SanglocProcess.run(["screen", posts.path, "--output", folder.appendingPathComponent("out.jsonl").path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        #expect(FileManager.default.fileExists(atPath: live.path))
    }
}
