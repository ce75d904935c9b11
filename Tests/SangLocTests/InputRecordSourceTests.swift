import Foundation
import Testing

@testable import SangLoc

/// Where the input fixtures are, and reading a whole input for a test.
enum InputFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/input")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Reads every record of `path`, with the reader's field statistics after the last one.
    static func readAll(_ path: String, _ options: InputOptions = InputOptions()) throws
        -> (records: [InputRecord], statistics: InputFieldStatistics)
    {
        var source = try openRecordSource(path: path, options: options)
        var records: [InputRecord] = []
        while let record = try source.next() { records.append(record) }
        return (records, source.fieldStatistics)
    }

    /// Writes `bytes` to a new temporary file named `name` and returns its path.
    static func temporaryFile(_ name: String, _ bytes: [UInt8]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sangloc-input-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }
}

extension InputRecord {
    var post: Post? {
        if case .post(let post, _, _) = self { return post }
        return nil
    }

    var flags: InputFlags {
        if case .post(_, _, let flags) = self { return flags }
        return []
    }

    var failureMessage: String? {
        if case .failure(let error, _) = self { return error.message }
        return nil
    }
}

@Suite("Opening inputs")
struct InputRecordSourceTests {
    @Test("a missing file is an error naming the file")
    func missingFile() {
        #expect {
            _ = try openRecordSource(path: "no-such-file.jsonl", options: InputOptions())
        } throws: { error in
            (error as? InputOpenError)?.message == "cannot open 'no-such-file.jsonl': No such file or directory"
        }
    }

    @Test("gzip input is decompressed while streaming")
    func gzip() throws {
        let (records, _) = try InputFixtures.readAll(InputFixtures.path("compressed.jsonl.gz"))
        #expect(records.map(\.post?.id) == ["g1", "g2"])
        #expect(records.map(\.post?.text) == ["nén gzip", "dòng hai"])
    }

    @Test("gzip is recognised by its first bytes even without a .gz name")
    func gzipWithoutSuffix() throws {
        let compressed = try Data(contentsOf: URL(fileURLWithPath: InputFixtures.path("compressed.jsonl.gz")))
        let path = try InputFixtures.temporaryFile("posts.jsonl", Array(compressed))
        let (records, _) = try InputFixtures.readAll(path)
        #expect(records.map(\.post?.id) == ["g1", "g2"])
    }

    @Test("truncated gzip data stops the input with a message naming the file")
    func truncatedGzip() throws {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: InputFixtures.path("compressed.jsonl.gz"))))
        bytes.removeLast(12)
        let path = try InputFixtures.temporaryFile("cut.jsonl.gz", bytes)
        #expect {
            _ = try InputFixtures.readAll(path)
        } throws: { error in
            (error as? InputOpenError)?.message.hasPrefix("cannot read '\(path)'") == true
        }
    }

    @Test(
        "auto format follows the content when the name says nothing",
        arguments: [
            ("{\"id\":\"1\",\"text\":\"một\"}\n", "1", "một"),  // JSON Lines
            ("id,text\n1,một\n", "1", "một"),  // CSV: the header names the text field
            ("id\ttext\n1\tmột\n", "1", "một"),  // TSV
            ("một, hai\n", nil, "một, hai"),  // text, even with a comma; id is file:line
        ])
    func sniffing(content: String, id: String?, text: String) throws {
        let path = try InputFixtures.temporaryFile("input", Array(content.utf8))
        let (records, _) = try InputFixtures.readAll(path)
        #expect(records.count == 1)
        #expect(records.first?.post?.id == id ?? "\(path):1")
        #expect(records.first?.post?.text == text)
    }

    @Test("a pretty-printed JSON array named .json is read as a Facebook export file")
    func jsonDocumentIsFacebook() throws {
        let path = InputFixtures.path("facebook-old/posts/your_posts_1.json")
        let (records, _) = try InputFixtures.readAll(path)
        #expect(records.count == 4)
        #expect(records.first?.post?.text == "Nhận quà miễn phí tại đây")
        #expect(records.first?.post?.id == "\(path)#0")
    }

    @Test("a folder can only be read as a Facebook export")
    func folderWithOtherFormat() {
        #expect {
            _ = try openRecordSource(path: InputFixtures.path("facebook-old"), options: InputOptions(format: .csv))
        } throws: { error in
            (error as? InputOpenError)?.message.contains("only a Facebook export can be a folder") == true
        }
    }
}
