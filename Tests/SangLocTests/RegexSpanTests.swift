import SangLoc
import Testing

/// A regex on the canonical or bare layer reports its own match bounds in the original text
/// where the token maps scalar by scalar, and the whole token where it does not (issue 20).
@Suite("Engine: regex spans on the layers")
struct RegexSpanTests {
    static let screener: Screener = {
        do {
            return try Screener(pack: RulePackLoader.load(yaml: """
                pack: t
                rules:
                  - { id: number, category: x, verdict: harmful, match: { regex: '(?<!\\d)\\d{8,16}(?!\\d)' } }
                  - { id: bare, category: x, verdict: harmful, match: { regex: 'dao', layer: bare } }
                """))
        } catch {
            fatalError("pack: \(error)")
        }
    }()

    static func matches(_ text: String, rule: String) -> [String] {
        let hit = screener.screen(Post(id: "t", text: text)).hits.first { $0.rule == rule }
        return hit?.matches.map { "\($0.range.lowerBound)..<\($0.range.upperBound) \($0.text)" } ?? []
    }

    @Test("inside a token: the digits alone, through case, full width and a moved tone mark", arguments: [
        ("12345678x12345678x", ["0..<8 12345678", "9..<17 12345678"]),
        ("ABC１２３４５６７８９", ["3..<12 １２３４５６７８９"]),
        ("Hoà12345678xyz", ["3..<11 12345678"]),
        ("gọi 0912345678, nhé", ["4..<14 0912345678"]),
    ])
    func scalarByScalar(_ text: String, _ expected: [String]) {
        #expect(Self.matches(text, rule: "number") == expected)
    }

    @Test("a token whose form has fewer scalars than its text is reported whole")
    func widened() {
        // NFD: `a` + U+0301 is one scalar in the canonical form, two in the text.
        #expect(Self.matches("a\u{301}12345678x", rule: "number") == ["0..<11 a\u{301}12345678x"])
    }

    @Test("the bare layer maps scalar by scalar too")
    func bareLayer() {
        #expect(Self.matches("xĐẢOx lừa", rule: "bare") == ["1..<4 ĐẢO"])
    }
}
