import Foundation
import Synchronization
import Testing

/// `sangloc screen` end to end: the built binary on fixture files, checking the bytes a user
/// gets on stdout and the exit codes.
@Suite("sangloc screen")
struct ScreenCommandTests {
    typealias Run = SanglocProcess

    @Test("the 35 sample posts give 35 records, in input order, with their ids and lines")
    func samplePostsInOrder() throws {
        let result = try Run.run(["screen", "Fixtures/sample/posts.jsonl"])
        #expect(result.status == 0, "\(result.stderr)")
        let records = result.records
        #expect(records.count == 35)
        #expect(records.map { $0["id"] as? String } == (1...35).map { String(format: "p%02d", $0) })
        #expect(records.map { ($0["source"] as? [String: Any])?["line"] as? Int } == Array(1...35))
        #expect(result.stderr.contains("35 records: 35 posts screened, 0 errors"))
    }

    @Test("a Facebook export folder: one record per entry, ids naming file and index, mojibake repaired")
    func facebookExport() throws {
        let export = Run.packageRoot.appendingPathComponent("Fixtures/facebook-export")
        try #require(
            FileManager.default.fileExists(atPath: export.appendingPathComponent("EXPECTED.json").path),
            "\(export.path)/EXPECTED.json is missing")
        let result = try Run.run(["screen", export.path, "--include-text"])
        #expect(result.status == 0, "\(result.stderr)")
        let records = result.records
        // 35 entries mapped in EXPECTED.json plus one photo post without text.
        #expect(records.count == 36)
        let ids = Set(records.compactMap { $0["id"] as? String })
        let expected = try JSONSerialization.jsonObject(
            with: Data(contentsOf: export.appendingPathComponent("EXPECTED.json"))) as? [String: [[String: Any]]] ?? [:]
        #expect(!expected.isEmpty, "EXPECTED.json maps no entries")
        for (file, entries) in expected {
            for entry in entries {
                let id = "your_facebook_activity/\(file)#\(entry["index"] as? Int ?? -1)"
                #expect(ids.contains(id), "missing \(id)")
            }
        }
        #expect(ids.contains("your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json#0"))
        let texts = records.compactMap { $0["text"] as? String }
        #expect(texts.contains("Chúc mừng sinh nhật em gái yêu quý! Mong em luôn vui vẻ và thành công 🎂"))
        #expect(!texts.contains { $0.contains("Ã") || $0.contains("Ä") }, "mojibake left in a text")
        #expect(records.contains { ($0["repairs"] as? [String]) == ["mojibake"] })
    }

    @Test("a broken JSONL line becomes an error record with its line; the other lines are screened")
    func brokenJSONLine() throws {
        let result = try Run.run(["screen", "Fixtures/e2e/broken.jsonl"])
        #expect(result.status == 0)
        let records = result.records
        #expect(records.count == 4)
        #expect(records.map { $0["id"] as? String } == ["p01", "p02", nil, "p09"])
        #expect((records[2]["error"] as? String)?.contains("line 3") == true)
        #expect((records[2]["source"] as? [String: Any])?["line"] as? Int == 3)
        #expect(records[3]["verdict"] as? String == "harmful")
        #expect(result.stderr.contains("4 records: 3 posts screened, 1 error"))
    }

    @Test("a CSV row with too many fields becomes an error record; the rows after it are screened")
    func brokenCSVRow() throws {
        let result = try Run.run(["screen", "Fixtures/e2e/broken.csv"])
        let records = result.records
        #expect(records.map { $0["id"] as? String } == ["c1", nil, "c3"])
        #expect((records[1]["error"] as? String)?.hasPrefix("row at line 3 has 4 fields") == true)
        #expect(records[2]["verdict"] as? String == "harmful")
    }

    @Test("--jobs 1 and --jobs 2 write byte-identical output")
    func jobsDoNotChangeOutput() throws {
        let input = try Run.generatedPosts(1_500)
        let one = try Run.run(["screen", "--jobs", "1", "-"], stdin: input)
        let two = try Run.run(["screen", "--jobs", "2", "-"], stdin: input)
        #expect(one.status == 0 && two.status == 0)
        #expect(one.lines.count == 1_500)
        #expect(one.stdout == two.stdout)
        #expect(one.records.last?["id"] as? String == "g1499")
    }

    @Test("--output-format csv writes the documented columns, byte for byte")
    func csvOutput() throws {
        let result = try Run.run(["screen", "--rules", "Fixtures/e2e/three-pack.yaml", "--output-format", "csv", "Fixtures/e2e/three.jsonl"])
        let expected = try Data(contentsOf: Run.packageRoot.appendingPathComponent("Fixtures/e2e/three.expected.csv"))
        #expect(result.stdoutText == String(decoding: expected, as: UTF8.self))
    }

    @Test("a CSV error row fills id, source and error; fields with commas are quoted")
    func csvErrorRow() throws {
        let result = try Run.run(["screen", "--output-format", "csv", "Fixtures/e2e/broken.csv"])
        #expect(result.stdoutText.contains(
            "\r\n,,,,,,Fixtures/e2e/broken.csv:3,\"row at line 3 has 4 fields, the header has 2 (quote fields that contain the delimiter)\"\r\n"))
    }

    /// An invocation and the exit code a user gets.
    struct ExitCase: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var status: Int32
        var testDescription: String { "\(arguments.joined(separator: " ")) → \(status)" }
        init(_ arguments: [String], _ status: Int32) {
            self.arguments = ["screen"] + arguments
            self.status = status
        }
    }

    static let exitCases: [ExitCase] = [
        ExitCase(["Fixtures/sample/posts.jsonl"], 0),
        ExitCase(["--fail-on", "harmful", "Fixtures/sample/posts.jsonl"], 1),
        ExitCase(["--fail-on", "unverified", "Fixtures/e2e/broken.csv"], 0),
        ExitCase(["--rules", "Fixtures/e2e/bad-pack.yaml", "Fixtures/sample/posts.jsonl"], 2),
        ExitCase(["Fixtures/e2e/no-such-file.jsonl"], 2),
        ExitCase(["--jobs", "0", "Fixtures/sample/posts.jsonl"], 2),
        ExitCase(["--only", "dangerous", "Fixtures/sample/posts.jsonl"], 2),
        ExitCase(["Fixtures/e2e/broken.jsonl"], 0),
        ExitCase(["--strict", "Fixtures/e2e/broken.jsonl"], 3),
        ExitCase(["--strict", "--fail-on", "harmful", "Fixtures/e2e/broken.jsonl"], 3),
    ]

    @Test("exit codes", arguments: exitCases)
    func exitCode(_ exitCase: ExitCase) throws {
        let result = try Run.run(exitCase.arguments)
        #expect(result.status == exitCase.status, "\(result.stderr)")
    }

    @Test("error messages name the problem")
    func errorMessages() throws {
        let missing = try Run.run(["screen", "Fixtures/e2e/no-such-file.jsonl"])
        #expect(missing.stderr.contains("cannot open 'Fixtures/e2e/no-such-file.jsonl': No such file or directory"))
        #expect(missing.stdout.isEmpty)
        let pack = try Run.run(["screen", "--rules", "Fixtures/e2e/bad-pack.yaml", "Fixtures/sample/posts.jsonl"])
        #expect(pack.stderr.contains("Fixtures/e2e/bad-pack.yaml:8:5"))
        // The inputs are opened while the pack compiles, but a pack error is still the one told.
        let both = try Run.run(["screen", "--rules", "Fixtures/e2e/bad-pack.yaml", "Fixtures/e2e/no-such-file.jsonl"])
        #expect(both.status == 2)
        #expect(both.stderr.contains("Fixtures/e2e/bad-pack.yaml:8:5"))
        #expect(!both.stderr.contains("cannot open"))
        // Of two inputs, the first that cannot be opened is named, and nothing is written.
        let second = try Run.run(["screen", "Fixtures/sample/posts.jsonl", "Fixtures/e2e/no-such-file.jsonl"])
        #expect(second.status == 2)
        #expect(second.stderr.contains("cannot open 'Fixtures/e2e/no-such-file.jsonl'"))
        #expect(second.stdout.isEmpty)
    }

    @Test("a pack error ends the run at once while standard input is an open pipe with nothing in it")
    func packErrorWithIdleStandardInput() throws {
        let process = Process()
        process.executableURL = try Run.binary()
        process.arguments = ["screen", "--rules", "Fixtures/e2e/bad-pack.yaml"]
        process.currentDirectoryURL = Run.packageRoot
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var waited = 0
        while process.isRunning, waited < 600 {
            usleep(50_000)
            waited += 1
        }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try input.fileHandleForWriting.close()
        #expect(process.terminationStatus == 2)
        #expect(waited < 600, "still running after 30 s: the pack error waited for standard input")
    }

    @Test("--only harmful writes only harmful posts but the summary counts every post")
    func onlyHarmful() throws {
        let all = try Run.run(["screen", "Fixtures/sample/posts.jsonl"]).records
        let result = try Run.run(["screen", "--only", "harmful", "Fixtures/sample/posts.jsonl"])
        let harmful = all.filter { $0["verdict"] as? String == "harmful" }
        #expect(!harmful.isEmpty)
        #expect(result.records.map { $0["id"] as? String } == harmful.map { $0["id"] as? String })
        #expect(result.stderr.contains("35 records: 35 posts screened"))
    }

    @Test("--output writes the file through a temporary name and leaves no temporary file")
    func outputFile() throws {
        let folder = try Run.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("out.jsonl")
        try Data("old\n".utf8).write(to: target)
        let result = try Run.run(["screen", "Fixtures/sample/posts.jsonl", "--output", target.path])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        let direct = try Run.run(["screen", "Fixtures/sample/posts.jsonl"])
        #expect(try Data(contentsOf: target) == direct.stdout)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.jsonl"])
    }

    /// Renaming a temporary file over a device, a pipe or a link would replace them: as root,
    /// `--output /dev/null` turned `/dev/null` into a regular file.
    @Test("--output and --summary-json write into a named pipe, a link's file and /dev/null, and leave them what they are")
    func outputToPipeLinkAndDevice() throws {
        let folder = try Run.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let direct = try Run.run(["screen", "Fixtures/sample/posts.jsonl"])
        func fileType(_ path: String) -> mode_t {
            var info = stat()
            return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
        }

        // A named pipe, read on another thread while sangloc writes into it.
        let pipe = folder.appendingPathComponent("records.fifo").path
        try #require(mkfifo(pipe, 0o600) == 0)
        let received = Mutex(Data())
        let reader = Thread {
            if let handle = FileHandle(forReadingAtPath: pipe) { received.withLock { $0 = handle.readDataToEndOfFile() } }
        }
        reader.start()
        let piped = try Run.run(["screen", "Fixtures/sample/posts.jsonl", "--output", pipe])
        var waited = 0
        while !reader.isFinished, waited < 1_000 {
            usleep(10_000)
            waited += 1
        }
        if !reader.isFinished {
            Issue.record("nothing was written into the pipe in 10 s")
            // Open and close the pipe's writing end, so that the reader's open returns.
            close(open(pipe, O_WRONLY | O_NONBLOCK))
        }
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(received.withLock { $0 } == direct.stdout)
        #expect(fileType(pipe) == S_IFIFO)

        // A symbolic link: its file gets the records, the link stays a link.
        let real = folder.appendingPathComponent("real.jsonl")
        let link = folder.appendingPathComponent("link.jsonl").path
        try Data("old\n".utf8).write(to: real)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real.path)
        let linked = try Run.run(["screen", "Fixtures/sample/posts.jsonl", "--output", link])
        #expect(linked.status == 0, "\(linked.stderr)")
        #expect(fileType(link) == S_IFLNK)
        #expect(try Data(contentsOf: real) == direct.stdout)

        // The null device, for the records and for the summary.
        let discarded = try Run.run(["screen", "Fixtures/sample/posts.jsonl", "--output", "/dev/null", "--summary-json", "/dev/null"])
        #expect(discarded.status == 0, "\(discarded.stderr)")
        #expect(discarded.stdout.isEmpty)
        #expect(fileType("/dev/null") == S_IFCHR)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["link.jsonl", "real.jsonl", "records.fifo"])
    }

    @Test("SIGTERM during --output removes the temporary file, keeps the old file and exits 143")
    func interruptedOutput() throws {
        let folder = try Run.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("out.jsonl")
        try Data("old\n".utf8).write(to: target)
        let process = Process()
        process.executableURL = try Run.binary()
        process.arguments = ["screen", "-", "--output", target.path]
        let input = Pipe()
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Keep stdin open so the run is still going; wait for the temporary file to appear.
        input.fileHandleForWriting.write(try Run.generatedPosts(10))
        var waited = 0
        while try FileManager.default.contentsOfDirectory(atPath: folder.path).count < 2, waited < 200 {
            usleep(50_000)
            waited += 1
        }
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 143)
        #expect(try Data(contentsOf: target) == Data("old\n".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.jsonl"])
    }

    @Test("--summary-json writes the documented keys")
    func summaryJSON() throws {
        let folder = try Run.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("summary.json").path
        let result = try Run.run(["screen", "Fixtures/e2e/broken.jsonl", "--summary-json", path])
        #expect(result.status == 0)
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
        #expect(summary["records"] as? Int == 4)
        #expect(summary["posts"] as? Int == 3)
        #expect(summary["errors"] as? Int == 1)
        #expect(summary["verdicts"] as? [String: Int] == ["harmful": 1, "unverified": 0, "verified": 2])
        #expect((summary["categories"] as? [String: Int])?["scam"] == 1)
        #expect((summary["top_rules"] as? [[String: Any]])?.first?["rule"] as? String != nil)
        for key in ["rule_failures", "repaired_posts", "warnings", "elapsed_seconds", "posts_per_second"] {
            #expect(summary[key] != nil, "missing \(key)")
        }
    }

    @Test("a text field missing from every record is reported, and fails under --strict")
    func missingTextField() throws {
        let input = Data("{\"id\":\"1\",\"message\":\"xin chào\"}\n".utf8)
        let result = try Run.run(["screen", "-"], stdin: input)
        #expect(result.stderr.contains("field 'text' missing from every record (fields seen: id, message)"))
        #expect(try Run.run(["screen", "--strict", "-"], stdin: input).status == 3)
    }
}
