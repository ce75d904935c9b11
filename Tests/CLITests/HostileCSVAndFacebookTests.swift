import Foundation
import Testing

/// `sangloc screen` on malformed CSV and Facebook exports: one record per row or entry, a
/// message that says what to fix, no crash, bounded memory.
@Suite("sangloc screen on hostile CSV and Facebook exports")
struct HostileCSVAndFacebookTests {
    /// Writes `files` (relative path → bytes) into a fresh folder and screens `input` there.
    static func screen(_ files: [String: [UInt8]], input: String, extra: [String] = []) throws -> MeasuredRun {
        let folder = try SanglocProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (path, bytes) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        return try MeasuredRun.sangloc(["screen", folder.appendingPathComponent(input).path] + extra, timeout: 60)
    }

    static func errors(_ run: MeasuredRun) -> [String] { run.records.compactMap { $0["error"] as? String } }

    @Test("CSV: a quote never closed before the end of the file is one error record, after the good rows")
    func unterminatedQuote() throws {
        let run = try Self.screen(["posts.csv": Array("id,text\na,fine\nb,\"runs on\nc,to the end".utf8)], input: "posts.csv")
        #expect(run.status == 0, "\(run.stderr)")
        let records = run.records
        try #require(records.count == 2 && run.lines.count == 2, "\(run.lines)")
        #expect(records[0]["id"] as? String == "a")
        #expect(Self.errors(run) == [
            "row at line 3 has a quoted field that is never closed: it runs to the end of the input (a stray '\"'?)",
        ])
    }

    @Test("CSV: ragged rows are error records naming the counts; the rows around them are read")
    func raggedRows() throws {
        let run = try Self.screen(["posts.csv": Array("id,text\na,one,extra\nb\nc,three\n,\n".utf8)], input: "posts.csv")
        #expect(run.status == 0)
        let records = run.records
        try #require(records.count == 4 && run.lines.count == 4, "\(run.lines)")
        #expect(Self.errors(run) == [
            "row at line 2 has 3 fields, the header has 2 (quote fields that contain the delimiter)",
            "row at line 3 has 1 field, the header has 2 (quote fields that contain the delimiter)",
        ])
        #expect(records[2]["id"] as? String == "c")
        #expect(records[3]["verdict"] as? String == "verified", "an empty row of the right width is an empty post")
    }

    @Test("CSV: a 10 MB field is read in one piece, in bounded memory")
    func hugeField() throws {
        // Delimiters and quotes in one line: a quoted field over 100 lines is taken for a stray
        // quote (HostileRoundTwoTests), and 10 MB is above the default record limit.
        let huge = String(repeating: "x,\"y\" ", count: 10 * 1024 * 1024 / 7)
        let csv = "id,notes,text\na,\"\(huge.replacingOccurrences(of: "\"", with: "\"\""))\",lừa đảo\nb,short,tiếp\n"
        let run = try Self.screen(["posts.csv": Array(csv.utf8)], input: "posts.csv", extra: ["--max-record-bytes", "20000000"])
        #expect(run.status == 0, "\(run.stderr)")
        let records = run.records
        try #require(records.count == 2 && run.lines.count == 2)
        #expect(records.map { $0["id"] as? String } == ["a", "b"])
        // The 10 MB field is held as the row (and once more as a column string): 110 MB above
        // the baseline run.
        #expect(run.peakKilobytes < MeasuredRun.peakLimitKilobytes(allowanceMegabytes: 110),
                "\(run.memoryReport)")
        print("CSV with a 10 MB field: \(String(format: "%.2f", run.seconds)) s, peak RSS \(run.peakMegabytes) MB")
    }

    @Test("Facebook: missing keys and nulls still give one record per entry")
    func facebookMissingKeysAndNulls() throws {
        let posts = """
            [{"timestamp": 1600000000, "data": [{"post": null}]},
             {"data": null, "attachments": null},
             {"timestamp": "yesterday", "title": null},
             {"data": [{"post": "b\\u00c3\\u00a0i vi\\u00e1\\u00ba\\u00bft"}], "attachments": [{"data": [null, {"external_context": null}]}]},
             null,
             5]
            """
        let comments = #"{"comments_v2": [{"data": null}, {"data": [{"comment": {"comment": null, "author": null}}]}, {}]}"#
        let run = try Self.screen(
            ["export/posts/your_posts_1.json": Array(posts.utf8), "export/comments/comments.json": Array(comments.utf8)],
            input: "export")
        #expect(run.status == 0, "\(run.stderr)")
        let records = run.records
        try #require(records.count == 9 && run.lines.count == 9, "\(run.lines)")
        #expect(Self.errors(run) == ["entry 4 is null, not an object", "entry 5 is a number, not an object"])
        #expect(records.filter { $0["verdict"] != nil }.count == 7, "entries with nothing to read are empty posts")
    }

    @Test("Facebook: an HTML export folder is refused with what to do instead")
    func htmlExport() throws {
        let run = try MeasuredRun.sangloc(["screen", "Fixtures/input/facebook-html"], timeout: 60)
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("this looks like an HTML export; download your information again choosing JSON"), "\(run.stderr)")
    }

    @Test("Facebook: an export file over 64 × --max-record-bytes is one error record, read no further; the others are read")
    func exportFileOverTheLimit() throws {
        let post = #"{"timestamp": 1700000000, "data": [{"post": "óc chó"}]}"#
        let big = "[" + Array(repeating: post, count: 100_000).joined(separator: ",") + "]"
        let run = try Self.screen(
            ["export/posts/a.json": Array("[\(post)]".utf8), "export/posts/big.json": Array(big.utf8)],
            input: "export", extra: ["--max-record-bytes", "1024"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.records.count == 2 && run.lines.count == 2, "\(run.lines)")
        #expect(run.records.first?["verdict"] as? String == "harmful")
        #expect(Self.errors(run) == [
            "posts/big.json has more than 65536 bytes, the limit for one export file (64 × --max-record-bytes): skipped",
        ])
        #expect(run.peakKilobytes < MeasuredRun.peakLimitKilobytes(allowanceMegabytes: 32), "\(run.memoryReport)")
    }

    @Test("Facebook: an export file cut short is one error record naming where the JSON breaks")
    func truncatedExportFile() throws {
        let json = #"[{"timestamp": 1600000000, "data": [{"post": "xin ch"#
        let run = try Self.screen(["your_posts_1.json": Array(json.utf8)], input: "your_posts_1.json")
        #expect(run.status == 3, "nothing could be screened: \(run.stderr)")
        let errors = Self.errors(run)
        try #require(run.lines.count == 1 && errors.count == 1, "\(run.lines)")
        #expect(errors[0].contains("invalid JSON at column"), "\(errors[0])")
    }
}
