import Testing

@testable import SangLoc

@Suite("CSV input")
struct InputCSVTests {
    let options = InputOptions(linksField: "links", authorField: "author")

    @Test("quoted fields keep delimiters, line breaks and doubled quotes; CRLF is handled")
    func quotedFields() throws {
        let (records, _) = try InputFixtures.readAll(InputFixtures.path("posts.csv"), options)
        #expect(records.count == 5)
        let first = try #require(records[0].post)
        #expect(first.id == "1")
        #expect(first.text == "Xin chào, mọi người")
        #expect(first.links == ["https://a.example"])
        #expect(first.author == "Lan")
        let second = try #require(records[1].post)
        #expect(second.text == "Dòng một\nDòng hai \"trích\"")
        #expect(second.links == [])
        #expect(second.author == nil)
        #expect(records[3].post?.links == ["https://b.example", "https://c.example"])
    }

    @Test("each record carries the line its row starts on; blank lines are not rows")
    func lines() throws {
        let (records, _) = try InputFixtures.readAll(InputFixtures.path("posts.csv"), options)
        #expect(records.map(\.source.line) == [2, 3, 6, 7, 8])
    }

    @Test("a ragged row and an unterminated quote yield failure records; the other rows are read")
    func failures() throws {
        let (records, statistics) = try InputFixtures.readAll(InputFixtures.path("posts.csv"), options)
        #expect(
            records[2].failureMessage
                == "row at line 6 has 2 fields, the header has 4 (quote fields that contain the delimiter)")
        #expect(records[3].post?.id == "4")
        #expect(
            records[4].failureMessage
                == "row at line 8 has a quoted field that is never closed: it runs to the end of the input (a stray '\"'?)")
        #expect(statistics.recordsRead == 3)
        #expect(statistics.fieldsSeen == ["id", "text", "links", "author"])
    }

    @Test("a .tsv file uses tabs")
    func tabSeparated() throws {
        let (records, _) = try InputFixtures.readAll(InputFixtures.path("posts.tsv"))
        #expect(records.count == 2)
        #expect(records[0].failureMessage?.hasPrefix("row at line 2 has 3 fields") == true)
        #expect(records[1].post?.id == "p2")
        #expect(records[1].post?.text == "hai")
    }

    @Test("a missing text column fails every row and the statistics say so")
    func missingColumn() throws {
        let (records, statistics) = try InputFixtures.readAll(
            InputFixtures.path("posts.csv"), InputOptions(textField: "message"))
        #expect(records[0].failureMessage == "row at line 2 has no column 'message' (columns: id, text, links, author)")
        #expect(statistics.missingTextFieldWarning?.hasPrefix("field 'message' missing from every record") == true)
    }

    @Test("BOM, no final newline and invalid UTF-8")
    func bytes() throws {
        let content = Array("\u{FEFF}id;text\n1;a".utf8) + [0xE1, 0x80] + Array(";b".utf8)
        let path = try InputFixtures.temporaryFile("semicolon.csv", content)
        let (records, _) = try InputFixtures.readAll(path, InputOptions(delimiter: UInt8(ascii: ";")))
        #expect(records.count == 1)
        #expect(records[0].failureMessage?.hasPrefix("row at line 2 has 3 fields") == true)
        let fixed = try InputFixtures.temporaryFile(
            "semicolon.csv", Array("\u{FEFF}id;text\r\n1;a".utf8) + [0xE1, 0x80] + Array("b".utf8))
        let (repaired, _) = try InputFixtures.readAll(fixed, InputOptions(delimiter: UInt8(ascii: ";")))
        #expect(repaired.first?.post?.text == "a\u{FFFD}b")
        #expect(repaired.first?.flags == .invalidUTF8Repaired)
    }
}
