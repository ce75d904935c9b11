@testable import SangLoc
import Testing

/// Wordlist lines read from their UTF-8 bytes: terms, columns, comments, escapes and every
/// kind of white space.
@Suite("Wordlist parsing")
struct WordlistParsingTests {
    struct LineCase: Sendable, CustomTestStringConvertible {
        let line: String
        let term: String?
        let column: Int
        var testDescription: String { line.debugDescription }
    }

    @Test(arguments: [
        LineCase(line: "lừa đảo", term: "lừa đảo", column: 1),
        LineCase(line: "  lừa đảo  # phổ biến", term: "lừa đảo", column: 3),
        LineCase(line: "\u{3000}\u{A0}trúng thưởng\u{2003}\u{85}", term: "trúng thưởng", column: 3),
        LineCase(line: "\u{1680}\u{202F}\u{205F}\u{2028}x", term: "x", column: 5),
        LineCase(line: "\\#cờbạc", term: "#cờbạc", column: 1),
        LineCase(line: "x \\# y \\#", term: "x # y #", column: 1),
        LineCase(line: "\\\\#", term: "\\#", column: 1),
        LineCase(line: "c#", term: "c#", column: 1),
        LineCase(line: "a\u{A0}#b", term: "a", column: 1),
        LineCase(line: "\t🙂 x\u{200B}", term: "🙂 x\u{200B}", column: 2),
        LineCase(line: "lu\u{300}a", term: "lu\u{300}a", column: 1),
        LineCase(line: "# comment", term: nil, column: 0),
        LineCase(line: "\u{A0}# comment", term: nil, column: 0),
        LineCase(line: " \t ", term: nil, column: 0),
        LineCase(line: "", term: nil, column: 0),
    ])
    func termInLine(_ example: LineCase) {
        let found = PackLoadSession.termInLine(example.line.utf8.span)
        #expect(found?.0 == example.term)
        if example.term != nil { #expect(found?.1 == example.column) }
    }

    @Test func linesAndColumns() throws {
        let text = "a\r\n\r\n  b  \r\nc # d\n\u{2028}e\n# x\n\u{FEFF}f"
        let terms = try PackLoadSession.parseWordlist(text, file: "w.txt")
        #expect(terms.map(\.text) == ["a", "b", "c", "e", "\u{FEFF}f"])
        #expect(terms.map(\.location.line) == [1, 3, 4, 5, 7])
        #expect(terms.map(\.location.column) == [1, 3, 1, 2, 1])
    }

    /// A file is read when the standard library validates it and located by
    /// `UTF8Validation` when not: the two must agree on what is valid.
    @Test func utf8ValidationAgreesWithTheStandardLibrary() {
        var random = SplitMix64(seed: 31)
        let pieces: [[UInt8]] = [
            Array("lừa ".utf8), [0x0A], [0x80], [0xC0, 0x80], [0xC2], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xE1, 0xBA],
            [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x9F, 0x99, 0x82], [0xF5], [0xFF], [0xEF, 0xBB, 0xBF], [0x00],
        ]
        var disagreements: [[UInt8]] = []
        for _ in 0..<5_000 {
            let bytes = (0..<Int.random(in: 0...6, using: &random)).flatMap { _ in pieces.randomElement(using: &random)! }
            if (String(validating: bytes, as: UTF8.self) == nil) != (UTF8Validation.firstInvalidByte(in: bytes) != nil) {
                disagreements.append(bytes)
            }
        }
        #expect(disagreements == [])
    }

    /// The byte test decodes only characters whose first byte can start white space.
    @Test func whitespaceScalarAgreesWithUnicode() {
        var disagreements: [String] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let bytes = Array(String(scalar).utf8)
            let (isWhitespace, length) = PackLoadSession.whitespaceScalar(in: bytes.span, at: 0)
            if isWhitespace != scalar.properties.isWhitespace || length != bytes.count {
                disagreements.append("U+" + String(value, radix: 16, uppercase: true))
            }
        }
        #expect(disagreements == [])
    }
}
