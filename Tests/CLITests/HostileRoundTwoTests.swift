import Foundation
import Testing

/// The second hostile-input attack (issue 20), row by row, through the binary: formats
/// decided on evidence, wide encodings refused, export folders read only for regular files,
/// matches that cannot amplify, and packs that cannot reach outside their folder.
@Suite("sangloc on hostile input, round two")
struct HostileRoundTwoTests {
    /// A small fixed pack: `óc chó` is harmful.
    static let pack = SanglocProcess.packageRoot.appendingPathComponent("Fixtures/e2e/three-pack.yaml").path
    static let harmfulLine = #"{"id":"h","text":"Đm thằng ngu, óc chó vl"}"#

    /// Writes `files` (relative path → bytes) into `folder`.
    static func write(_ files: [String: [UInt8]], in folder: URL) throws {
        for (path, bytes) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
    }

    static func errors(_ run: MeasuredRun) -> [String] { run.records.compactMap { $0["error"] as? String } }

    /// `sangloc screen --fail-on harmful` on a file named `name` holding `firstLine`, then 200
    /// harmful posts, a line each.
    static func screen(_ firstLine: String, then200HarmfulPostsIn name: String) throws -> MeasuredRun {
        let folder = try SanglocProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = [firstLine] + Array(repeating: harmfulLine, count: 200)
        try write([name: Array((lines.joined(separator: "\n") + "\n").utf8)], in: folder)
        return try MeasuredRun.sangloc(
            ["screen", folder.appendingPathComponent(name).path, "--rules", pack, "--fail-on", "harmful"], timeout: 60)
    }

    @Test("a .jsonl file is JSON Lines whatever its first line holds", arguments: [
        "[1]",
        String(repeating: "[", count: 100_000),
        #"{"comments_v2":[{"data":[{"comment":{"comment":"x"}}]}]}"#,
    ])
    func jsonLinesWhateverTheFirstLine(_ firstLine: String) throws {
        let run = try Self.screen(firstLine, then200HarmfulPostsIn: "posts.jsonl")
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.records.count == 201 && run.lines.count == 201)
        #expect(Self.errors(run).count == 1, "\(Self.errors(run))")
        #expect(run.records.filter { $0["verdict"] as? String == "harmful" }.count == 200)
    }

    @Test("a .json file whose first line is a whole value followed by objects is JSON Lines", arguments: [
        "[1]", #"{"comments_v2":[{"data":[{"comment":{"comment":"x"}}]}]}"#,
    ])
    func jsonFileOfLines(_ firstLine: String) throws {
        let run = try Self.screen(firstLine, then200HarmfulPostsIn: "posts.json")
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.records.count == 201 && run.lines.count == 201)
        #expect(run.records.filter { $0["verdict"] as? String == "harmful" }.count == 200)
    }

    /// Longer than the first look at a file (its first read, 1 MiB).
    static let longFirstLineBytes = 1_200_000

    /// A first line longer than the first read of the file (1 MiB), or one that ends just
    /// before the end of that read, so that the next line is cut by it.
    @Test("a .json file whose first line, however long, is a whole value followed by objects is JSON Lines",
          arguments: [longFirstLineBytes, (1 << 20) - 30])
    func jsonFileOfLinesAfterALongFirstLine(_ bytes: Int) throws {
        let run = try Self.screen("[" + String(repeating: "1,", count: bytes / 2) + "1]", then200HarmfulPostsIn: "posts.json")
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.records.count == 201 && run.lines.count == 201)
        // The first line (over the record limit, or an array) is the one error.
        #expect(Self.errors(run).count == 1, "\(Self.errors(run))")
        #expect(run.records.filter { $0["verdict"] as? String == "harmful" }.count == 200)
    }

    @Test("a .json array longer than the first 1 MiB read is one document, on one line or with its first line that long")
    func longJSONArrayIsOneDocument() throws {
        let folder = try SanglocProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let padding = String(repeating: "x", count: Self.longFirstLineBytes / 1_000)
        let records = (0..<1_000).map { #"{"id":"p\#($0)","text":"Đm thằng ngu, óc chó vl \#(padding)"}"# }
        let oneLine = "[" + records.joined(separator: ",") + "]\n"
        // The first line is cut after a comma: the next one continues the array, it is no object.
        let twoLines = "[" + records.dropLast().joined(separator: ",") + ",\n" + records.last! + "]\n"
        try Self.write(["one.json": Array(oneLine.utf8), "two.json": Array(twoLines.utf8)], in: folder)
        for name in ["one.json", "two.json"] {
            let run = try MeasuredRun.sangloc(
                ["screen", folder.appendingPathComponent(name).path, "--rules", Self.pack, "--fail-on", "harmful"], timeout: 60)
            #expect(run.status == 1, "\(name): \(run.stderr)")
            #expect(run.records.count == 1_000 && Self.errors(run).isEmpty, "\(name): \(Self.errors(run).prefix(3))")
            #expect(run.records.last?["id"] as? String == "p999", "\(name)")
        }
    }

    @Test("UTF-16 and UTF-32 input is refused with the encoding named", arguments: [
        ("UTF-16LE", true), ("UTF-16BE", true), ("UTF-16LE", false), ("UTF-32LE", false), ("UTF-32BE", true),
    ])
    func wideEncodings(_ encoding: String, _ withMark: Bool) throws {
        let folder = try SanglocProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = String(repeating: "óc chó\n", count: 3)
        let converted: String.Encoding = switch encoding {
        case "UTF-16LE": .utf16LittleEndian
        case "UTF-16BE": .utf16BigEndian
        case "UTF-32LE": .utf32LittleEndian
        default: .utf32BigEndian
        }
        var bytes = [UInt8](text.data(using: converted)!)
        if withMark {
            let mark: [UInt8] = switch encoding {
            case "UTF-16LE": [0xFF, 0xFE]
            case "UTF-16BE": [0xFE, 0xFF]
            case "UTF-32LE": [0xFF, 0xFE, 0, 0]
            default: [0, 0, 0xFE, 0xFF]
            }
            bytes = mark + bytes
        }
        for name in ["posts.txt", "posts.jsonl"] {
            try Self.write([name: bytes], in: folder)
            let run = try MeasuredRun.sangloc(
                ["screen", folder.appendingPathComponent(name).path, "--rules", Self.pack, "--fail-on", "harmful"], timeout: 60)
            #expect(run.status == 2)
            #expect(run.stderr.contains("the file is \(encoding) text; SangLoc reads UTF-8"), "\(run.stderr)")
            #expect(run.stdout.isEmpty)
        }
    }

    @Test("an export folder is read for its regular files only: no FIFO, device or link leaving it")
    func exportFolderRegularFilesOnly() throws {
        let folder = try SanglocProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let export = folder.appendingPathComponent("export")
        let post = #"[{"timestamp": 1700000000, "data": [{"post": "óc chó"}]}]"#
        try Self.write([
            "export/posts/a.json": Array(post.utf8),
            "export/posts/inside.json.target": Array(post.utf8),
            "outside.json": Array(post.utf8),
        ], in: folder)
        let posts = export.appendingPathComponent("posts")
        try FileManager.default.createSymbolicLink(atPath: posts.appendingPathComponent("zero.json").path, withDestinationPath: "/dev/zero")
        try FileManager.default.createSymbolicLink(
            atPath: posts.appendingPathComponent("outside.json").path, withDestinationPath: folder.appendingPathComponent("outside.json").path)
        try FileManager.default.createSymbolicLink(
            atPath: posts.appendingPathComponent("inside.json").path, withDestinationPath: posts.appendingPathComponent("inside.json.target").path)
        try #require(mkfifo(posts.appendingPathComponent("pipe.json").path, 0o600) == 0)
        let run = try MeasuredRun.sangloc(["screen", export.path, "--rules", Self.pack], timeout: 60)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.records.compactMap { $0["id"] as? String } == ["posts/a.json#0", "posts/inside.json#0"])
        #expect(run.peakKilobytes < MeasuredRun.peakLimitKilobytes(allowanceMegabytes: 64), "\(run.memoryReport)")
    }

    @Test("a regex matching inside one long token reports its own spans: at most 100, the rest counted")
    func regexMatchesDoNotAmplify() throws {
        let folder = try SanglocProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pack = """
            pack: numbers
            version: "1"
            rules:
              - id: number
                category: spam
                verdict: harmful
                match: { regex: '(?<!\\d)\\d{8,16}(?!\\d)' }
              - id: words
                category: spam
                verdict: harmful
                match: { regex: 'spam', layer: original }
            """
        let text = String(repeating: "12345678x", count: 2_000) + " " + String(repeating: "spam ", count: 300)
        try Self.write([
            "pack.yaml": Array(pack.utf8),
            "posts.jsonl": Array(try JSONSerialization.data(withJSONObject: ["id": "a", "text": text])) + [0x0A],
        ], in: folder)
        let run = try MeasuredRun.sangloc(
            ["screen", folder.appendingPathComponent("posts.jsonl").path, "--rules", folder.appendingPathComponent("pack.yaml").path],
            timeout: 60)
        #expect(run.status == 0, "\(run.stderr)")
        try #require(run.records.count == 1)
        let hits = try #require(run.records[0]["hits"] as? [[String: Any]])
        // The canonical layer maps the token scalar by scalar: each match is its digits alone.
        // A regex stops at 1,000 matches in a post: 100 written, 900 counted.
        let number = try #require(hits.first { $0["rule"] as? String == "number" })
        let digits = try #require(number["matches"] as? [[String: Any]])
        #expect(digits.count == 100)
        #expect(number["more_matches"] as? Int == 900)
        for (k, match) in digits.enumerated() {
            #expect(match["start"] as? Int == 9 * k && match["end"] as? Int == 9 * k + 8 && match["text"] as? String == "12345678",
                    "\(match)")
        }
        // 300 distinct matches: the first 100 are written, the rest counted.
        let words = try #require(hits.first { $0["rule"] as? String == "words" })
        #expect((words["matches"] as? [[String: Any]])?.count == 100)
        #expect(words["more_matches"] as? Int == 200)
        #expect(run.stdout.count < 2 * text.utf8.count, "\(run.stdout.count) bytes of output")
    }

    @Test("rules lint: a term that normalizes to nothing is an error at its place", arguments: ["\\u00ad", "\\u0301", "ـ"])
    func termOfNothing(_ term: String) throws {
        let folder = try SanglocProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pack = """
            pack: empty
            version: "1"
            rules:
              - id: r
                category: spam
                verdict: harmful
                match: { terms: [ok, "\(term)"] }
            """
        try Self.write(["pack.yaml": Array(pack.utf8)], in: folder)
        let run = try SanglocProcess.run(["rules", "lint", folder.appendingPathComponent("pack.yaml").path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("pack.yaml:7:"), "\(run.stderr)")
        #expect(run.stderr.contains("has no letters or digits to match"), "\(run.stderr)")
    }

    @Test("include: and wordlists stay in the pack's folder unless --allow-outside-includes; a non-pack file is never quoted")
    func includesStayInside() throws {
        let folder = try SanglocProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = "root:x:0:0:secret-line:/root:/bin/bash\nother:x:1:1::/:/bin/sh\n"
        try Self.write([
            "secret.txt": Array(secret.utf8),
            "packs/up.yaml": Array("pack: up\nversion: \"1\"\ninclude: [../secret.txt]\nrules: []\n".utf8),
            "packs/absolute.yaml": Array("pack: abs\nversion: \"1\"\ninclude: [\(folder.path)/secret.txt]\nrules: []\n".utf8),
            "packs/list.yaml": Array("pack: list\nversion: \"1\"\nlists: { l: { file: ../secret.txt } }\nrules: []\n".utf8),
        ], in: folder)
        let posts = SanglocProcess.packageRoot.appendingPathComponent("Fixtures/e2e/three.jsonl").path
        for (name, written, place) in [
            ("up", "../secret.txt", "up.yaml:3:"), ("absolute", "\(folder.path)/secret.txt", "absolute.yaml:3:"),
        ] {
            let pack = folder.appendingPathComponent("packs/\(name).yaml").path
            let run = try SanglocProcess.run(["screen", posts, "--rules", pack])
            #expect(run.status == 2)
            #expect(run.stderr.contains(place) && run.stderr.contains("included file '\(written)' is outside the pack's folder"),
                    "\(run.stderr)")
            #expect(run.stderr.contains("--allow-outside-includes"))
            let allowed = try SanglocProcess.run(["screen", posts, "--rules", pack, "--allow-outside-includes"])
            #expect(allowed.status == 2)
            #expect(allowed.stderr.contains("a pack file must be a mapping, got text; is this included file a pack?"), "\(allowed.stderr)")
            #expect(!allowed.stderr.contains("secret-line"), "\(allowed.stderr)")
        }
        let list = try SanglocProcess.run(["rules", "lint", folder.appendingPathComponent("packs/list.yaml").path])
        #expect(list.status == 2)
        #expect(list.stderr.contains("wordlist '../secret.txt' is outside the pack's folder"), "\(list.stderr)")
    }

    @Test("a record over --max-record-bytes is one error record naming its size; the records around it are read")
    func recordOverTheLimit() throws {
        let folder = try SanglocProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let long = #"{"id":"long","text":""# + String(repeating: "x", count: 5_000) + #""}"#
        try Self.write([
            "posts.jsonl": Array((Self.harmfulLine + "\n" + long + "\n" + Self.harmfulLine + "\n").utf8),
            "posts.txt": Array(("óc chó\n" + String(repeating: "y", count: 5_000) + "\nóc chó\n").utf8),
        ], in: folder)
        for name in ["posts.jsonl", "posts.txt"] {
            let run = try MeasuredRun.sangloc(
                ["screen", folder.appendingPathComponent(name).path, "--rules", Self.pack, "--max-record-bytes", "4096"], timeout: 60)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.records.count == 3 && run.lines.count == 3)
            #expect(Self.errors(run) == [
                "line 2 has \(name.hasSuffix("jsonl") ? long.utf8.count : 5_000) bytes, more than the record limit of 4096 bytes (--max-record-bytes): skipped",
            ])
            #expect(run.records.filter { $0["verdict"] as? String == "harmful" }.count == 2)
        }
        let invalid = try SanglocProcess.run(["screen", "--max-record-bytes", "0", folder.appendingPathComponent("posts.jsonl").path])
        #expect(invalid.status != 0)
        #expect(invalid.stderr.contains("--max-record-bytes must be at least 1"), "\(invalid.stderr)")
    }

    @Test("a gzip bomb (one endless line of zeros) is one error record, in bounded memory")
    func gzipBomb() throws {
        let folder = try SanglocProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = folder.appendingPathComponent("bomb.jsonl")
        let zeros = 256 * 1024 * 1024
        try #require(FileManager.default.createFile(atPath: plain.path, contents: nil))
        let handle = try FileHandle(forWritingTo: plain)
        let block = Data(repeating: 0, count: 1 << 20)
        for _ in 0..<(zeros / block.count) { handle.write(block) }
        handle.write(Data(("\n" + Self.harmfulLine + "\n").utf8))
        try handle.close()
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        gzip.arguments = ["gzip", "-1", plain.path]
        try gzip.run()
        gzip.waitUntilExit()
        try #require(gzip.terminationStatus == 0)
        let run = try MeasuredRun.sangloc(
            ["screen", plain.path + ".gz", "--rules", Self.pack, "--fail-on", "harmful"], timeout: 120)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.records.count == 2)
        #expect(Self.errors(run) == ["line 1 has \(zeros) bytes, more than the record limit of 1048576 bytes (--max-record-bytes): skipped"])
        #expect(run.peakKilobytes < MeasuredRun.peakLimitKilobytes(allowanceMegabytes: 64), "\(run.memoryReport)")
    }

    @Test("CSV: one stray quote hides nothing: the row is one error record and reading goes on at its next line")
    func csvStrayQuote() throws {
        let folder = try SanglocProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var csv = "id,text\n"
        for k in 1...1_000 { csv += k == 3 ? "r3,\"oops a stray quote\n" : "r\(k),óc chó \(k)\n" }
        try Self.write(["posts.csv": Array(csv.utf8)], in: folder)
        let run = try MeasuredRun.sangloc(["screen", folder.appendingPathComponent("posts.csv").path, "--rules", Self.pack], timeout: 60)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.records.count == 1_000 && run.lines.count == 1_000)
        #expect(Self.errors(run) == [
            "row at line 4 has a quoted field that runs over 100 lines or 1048576 bytes (a stray '\"'?); reading goes on at line 5",
        ])
        #expect(run.records.compactMap { $0["id"] as? String }.last == "r1000")
        #expect(run.records.filter { $0["verdict"] as? String == "harmful" }.count == 999)

        // Past the byte limit within fewer lines: the same, and a quote closed in time still
        // holds its line breaks.
        let wide = "id,text\na,\"" + String(repeating: "x", count: 3_000) + "\nb,óc chó\nc,\"two\nlines\"\n"
        try Self.write(["wide.csv": Array(wide.utf8)], in: folder)
        let small = try MeasuredRun.sangloc(
            ["screen", folder.appendingPathComponent("wide.csv").path, "--rules", Self.pack, "--max-record-bytes", "2048", "--include-text"],
            timeout: 60)
        #expect(small.records.count == 3, "\(small.lines)")
        #expect(Self.errors(small).first?.hasPrefix("row at line 2 has a quoted field that runs over") == true, "\(small.lines)")
        #expect(small.records.compactMap { $0["id"] as? String } == ["b", "c"])
        #expect(small.records.last?["text"] as? String == "two\nlines")
    }
}
