import Foundation
import Testing

@testable import SangLoc

@Suite("JSON Lines input")
struct InputJSONLinesTests {
    let options = InputOptions(linksField: "links", authorField: "user.name", timeField: "ts")

    func read() throws -> (records: [InputRecord], statistics: InputFieldStatistics) {
        try InputFixtures.readAll(InputFixtures.path("posts.jsonl"), options)
    }

    @Test("every non-blank line yields one record, in order, with its line")
    func oneRecordPerLine() throws {
        let (records, _) = try read()
        #expect(records.map(\.source.line) == [1, 2, 4, 5, 6, 7, 8])
        #expect(records.allSatisfy { $0.source.file == InputFixtures.path("posts.jsonl") })
    }

    @Test("fields are read by name and dotted path; BOM and CRLF are handled")
    func fields() throws {
        let (records, _) = try read()
        let first = try #require(records[0].post)
        #expect(first.id == "a1")
        #expect(first.text == "Chuyển khoản ngay")
        #expect(first.links == ["https://a.example", "http://b.example"])
        #expect(first.author == "Lan")
        #expect(first.postedAt == Date(timeIntervalSince1970: 1_764_000_000))
        let second = try #require(records[1].post)
        #expect(second.id == "42")
        #expect(second.links == ["https://c.example"])
        #expect(second.author == "Minh")
        #expect(second.postedAt == Date(timeIntervalSince1970: 1_763_974_800))  // 16:00 at +07:00
    }

    @Test("escapes decode, surrogate pairs join, lone surrogates become U+FFFD")
    func escapes() throws {
        let (records, _) = try read()
        #expect(records[1].post?.text == "Tin đảo 😀 end \u{FFFD} x")
    }

    @Test("a missing id is the file and line")
    func missingID() throws {
        let (records, _) = try read()
        #expect(records[2].post?.id == "\(InputFixtures.path("posts.jsonl")):4")
        #expect(records[2].post?.text == "không có id")
    }

    @Test("broken lines yield failure records that say what and where, and reading goes on")
    func failures() throws {
        let (records, _) = try read()
        #expect(records[3].failureMessage == "line 5: invalid JSON at column 40: expected ',' or '}', found '\"'")
        #expect(records[4].failureMessage == "line 6 has no string field 'text' (fields: id, message)")
        if case .failure(let error, _) = records[4] { #expect(error.id == "notext") }
        #expect(records[5].failureMessage == "line 7 is an array, not a JSON object")
        #expect(records[6].post?.text == "dòng cuối không có xuống dòng")
    }

    @Test("field statistics tell when the text field is missing from every record")
    func statistics() throws {
        let (_, found) = try read()
        #expect(found.recordsRead == 5)
        #expect(found.recordsWithText == 4)
        #expect(found.missingTextFieldWarning == nil)
        let (_, missing) = try InputFixtures.readAll(InputFixtures.path("posts.jsonl"), InputOptions(textField: "body"))
        #expect(
            missing.missingTextFieldWarning
                == "field 'body' missing from every record (fields seen: id, text, links, user, ts); "
                + "choose the text field with --text-field")
    }

    @Test("invalid UTF-8 is replaced with U+FFFD and flagged")
    func invalidUTF8() throws {
        let bytes = Array("{\"id\":\"x\",\"text\":\"a".utf8) + [0xFF, 0xC3] + Array("b\"}\n".utf8)
        let path = try InputFixtures.temporaryFile("bad.jsonl", bytes)
        let (records, _) = try InputFixtures.readAll(path)
        #expect(records.first?.post?.text == "a\u{FFFD}\u{FFFD}b")
        #expect(records.first?.flags == .invalidUTF8Repaired)
    }

    @Test("a line longer than the read buffer is read whole")
    func longLine() throws {
        let text = String(repeating: "lừa đảo ", count: 400_000)  // about 4.4 MB, four read blocks
        let content = "{\"id\":\"short\",\"text\":\"a\"}\n{\"id\":\"long\",\"text\":\"\(text)\"}\n{\"id\":\"after\",\"text\":\"b\"}"
        let path = try InputFixtures.temporaryFile("long.jsonl", Array(content.utf8))
        let (records, _) = try InputFixtures.readAll(path, InputOptions(maxRecordBytes: 8 << 20))
        #expect(records.map(\.post?.id) == ["short", "long", "after"])
        #expect(records[1].post?.text == text)

        // Above the record limit, the line is an error naming its size, and the next is read.
        let (limited, _) = try InputFixtures.readAll(path, InputOptions(maxRecordBytes: 1 << 20))
        #expect(limited.map(\.post?.id) == ["short", nil, "after"])
        #expect(limited[1].failureMessage == "line 2 has \(content.utf8.count - 52) bytes, more than the record limit of 1048576 bytes (--max-record-bytes): skipped")
    }
}
