import Foundation
import Testing

@testable import SangLoc

/// The repository's Facebook export (`Fixtures/facebook-export`) and the sample posts it mirrors.
private let export = RepositoryFixtures.url("facebook-export")
private let samplePosts = RepositoryFixtures.url("sample/posts.jsonl")

@Suite("Facebook export input")
struct InputFacebookExportTests {
    @Test("the fixture export: every entry read, mojibake repaired to the sample posts' text")
    func fixtureExport() throws {
        let expectedURL = export.appendingPathComponent("EXPECTED.json")
        try #require(FileManager.default.fileExists(atPath: expectedURL.path), "\(expectedURL.path) is missing")
        try #require(FileManager.default.fileExists(atPath: samplePosts.path), "\(samplePosts.path) is missing")
        var samples: [String: String] = [:]
        let sampleLines = try String(contentsOf: samplePosts, encoding: .utf8)
        for line in sampleLines.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            samples[object["id"] as! String] = (object["text"] as! String)
        }
        let expected = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: expectedURL)) as? [String: [[String: Any]]])

        let (records, _) = try InputFixtures.readAll(export.path)
        var byID: [String: InputRecord] = [:]
        for record in records { byID[record.post?.id ?? ""] = record }
        let expectedCount = expected.values.map(\.count).reduce(0, +)
        #expect(records.count == expectedCount + 1)  // and the photo post, which no sample mirrors
        for (file, entries) in expected {
            for entry in entries {
                let index = entry["index"] as! Int
                let sampleID = entry["id"] as! String
                let match = records.first { $0.source.file.hasSuffix(file) && $0.source.index == index }
                let record = try #require(match, "no record for \(file)#\(index)")
                #expect(record.post?.text == samples[sampleID], "\(file)#\(index) should read as sample \(sampleID)")
                #expect(record.flags.contains(.mojibakeRepaired))
                #expect(record.post?.id == "\(record.source.file)#\(index)")
            }
        }
        let photo = try #require(records.last?.post)
        #expect(photo.text == "Ảnh đi biển Vũng Tàu")
        let withLink = records.first { $0.post?.links.contains { $0.hasPrefix("https://moh.gov.vn/") } == true }
        #expect(withLink?.source.index == 2)
    }

    @Test("an old-layout folder: posts, group posts and comments in sorted file order")
    func oldLayout() throws {
        let (records, statistics) = try InputFixtures.readAll(InputFixtures.path("facebook-old"))
        #expect(
            records.map(\.source.file) == [
                "comments/comments.json", "groups/your_posts_in_groups.json", "posts/your_posts_1.json",
                "posts/your_posts_1.json", "posts/your_posts_1.json", "posts/your_posts_1.json",
            ])
        let comment = try #require(records[0].post)
        #expect(comment.text == "Đồng ý!")
        #expect(comment.author == "Trần Văn Nam")
        #expect(comment.postedAt == Date(timeIntervalSince1970: 1_600_000_501))
        #expect(comment.meta["kind"] == "comment")
        #expect(comment.platform == "facebook")
        #expect(records[1].post?.text == "Bán nhà giá rẻ")
        #expect(records[1].post?.meta["title"] == "Nam đã đăng trong Hội mua bán.")
        let post = try #require(records[2].post)
        #expect(post.id == "posts/your_posts_1.json#0")
        #expect(post.text == "Nhận quà miễn phí tại đây")
        #expect(post.links == ["http://qua-tang.example"])
        #expect(post.postedAt == Date(timeIntervalSince1970: 1_600_000_000))
        #expect(records[3].post?.text == "Ảnh đi biển")  // a photo post: its caption
        #expect(records[4].post?.text == "")  // nulls everywhere: still a record
        #expect(records[4].flags == [])
        #expect(records[5].post?.text == "café")  // not mojibake: left alone
        #expect(records[5].flags == [])
        #expect(statistics.recordsRead == 6)
    }

    @Test("a JSON array of plain records is read by the field options")
    func plainArray() throws {
        let json = #"[{"id": 7, "text": "một"}, {"text": "hai", "who": "Lan"}, {"id": "x"}]"#
        let path = try InputFixtures.temporaryFile("posts.json", Array(json.utf8))
        let (records, _) = try InputFixtures.readAll(path, InputOptions(authorField: "who"))
        #expect(records.map(\.post?.id) == ["7", "\(path)#1", nil])
        #expect(records[1].post?.author == "Lan")
        #expect(records[2].failureMessage == "entry 2 has no string field 'text' (fields: id)")
    }

    @Test("an HTML export is refused with what to do instead")
    func htmlExport() {
        #expect {
            _ = try openRecordSource(path: InputFixtures.path("facebook-html"), options: InputOptions())
        } throws: { error in
            (error as? InputOpenError)?.message.hasSuffix(
                "this looks like an HTML export; download your information again choosing JSON") == true
        }
    }

    @Test("a broken JSON file in an export yields a failure record and the other files are read")
    func brokenFile() throws {
        let path = try InputFixtures.temporaryFile("your_posts_1.json", Array("[{\"data\": [}]".utf8))
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let posts = folder.appendingPathComponent("export/posts")
        try FileManager.default.createDirectory(at: posts, withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: path, toPath: posts.appendingPathComponent("your_posts_1.json").path)
        try Data(#"[{"data":[{"post":"ok"}]}]"#.utf8).write(to: posts.appendingPathComponent("your_posts_2.json"))
        let (records, _) = try InputFixtures.readAll(folder.appendingPathComponent("export").path)
        #expect(records.count == 2)
        #expect(
            records[0].failureMessage
                == "posts/your_posts_1.json: invalid JSON at column 12: expected a value, found '}'")
        #expect(records[1].post?.text == "ok")
    }
}
