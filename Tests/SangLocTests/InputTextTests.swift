import Testing

@testable import SangLoc

@Suite("Text input")
struct InputTextTests {
    @Test("one post per line, blank lines included, so lines in equal records out")
    func lines() throws {
        let path = InputFixtures.path("lines.txt")
        let (records, _) = try InputFixtures.readAll(path)
        #expect(records.map(\.post?.text) == ["dòng một", "", "dòng ba"])
        #expect(records.map(\.post?.id) == ["\(path):1", "\(path):2", "\(path):3"])
    }

    @Test("the whole file as one post")
    func wholeFile() throws {
        let path = InputFixtures.path("lines.txt")
        let (records, _) = try InputFixtures.readAll(path, InputOptions(wholeFile: true))
        #expect(records.count == 1)
        #expect(records.first?.post?.text == "dòng một\r\n\r\ndòng ba\n")
        #expect(records.first?.post?.id == path)
    }

    @Test("BOM dropped, last line without newline kept, invalid UTF-8 flagged")
    func bytes() throws {
        let path = try InputFixtures.temporaryFile("x.txt", Array("\u{FEFF}một\nhai ".utf8) + [0xFF])
        let (records, _) = try InputFixtures.readAll(path)
        #expect(records.map(\.post?.text) == ["một", "hai \u{FFFD}"])
        #expect(records.map(\.flags) == [[], .invalidUTF8Repaired])
    }
}
