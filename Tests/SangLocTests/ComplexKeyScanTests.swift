@testable import SangLoc
import Testing

/// The byte scan in front of the alias-key regexes: a file it clears is one the regexes clear,
/// so the loader refuses exactly the same files, at the same place.
@Suite("Alias-key scan")
struct ComplexKeyScanTests {
    /// The loader's answer: nil, or the error's text.
    static func refusal(_ text: String, scan: Bool) -> String? {
        do throws(RulePackError) {
            if scan {
                try PackLoadSession.rejectComplexKeysWithAliases(text, file: "p.yaml")
            } else {
                try PackLoadSession.rejectComplexKeysWithAliasesByRegex(text, file: "p.yaml")
            }
            return nil
        } catch {
            return error.description
        }
    }

    @Test(arguments: [
        "pack: p\nx: &a [a]\n*a : y\n",
        "pack: p\nx: &a [a]\n? *a\n: y\n",
        "pack: p\nx: &a [a]\ny: { [*a]: z }\n",
        "x: &a b\ny: *a\nz: '[1]: 2'\n",
        "x: &a b\ny: *a\nz: \"{k}:\"\n",
        "x: &a b\ny: *a\n  - ? \n",
        "x: &a b\r\ny: *a\r\n*a:\r\n",
        "x: &a b\u{2028}*a:\u{2028}",
        "x: &a b\u{85}? x",
        "x: &a b\ny: *a\nz: ]:\u{301} \n",
        "x: &a b\ny: *a\n?\u{301} x\n",
        "x: &a b\ny: *\u{212A}: 1\n",
        "x: &a b\ny: *a\u{301}: 1\n",
        "x: &a b\ny: *a\nq: why? not\n",
        "x: *a]:",
        "rules: [{ regex: 'l\\W*[uừ]\\W*a' }]\n",
        "no aliases: [x]: y\n? z\n",
    ])
    func refusesWhatTheRegexesRefuse(_ text: String) {
        #expect(Self.refusal(text, scan: true) == Self.refusal(text, scan: false))
    }

    @Test func refusesAliasKeysAtTheirPlace() {
        #expect(Self.refusal("a: &x 1\nb: { [*x]: 2 }\n", scan: true)?.hasPrefix("p.yaml:2:9: a mapping key here is an alias") == true)
        #expect(Self.refusal("a: &x 1\nb: *x\n", scan: true) == nil)
    }

    /// Random texts over the characters the regexes look at, line breaks of every kind and
    /// combining marks.
    @Test func agreesWithTheRegexesOnRandomTexts() {
        var random = SplitMix64(seed: 23)
        let pieces = ["*", "a", "Z", "9", "_", "-", " ", "\t", ":", "?", "]", "}", "[", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}",
                      "\u{85}", "\u{2028}", "\u{2029}", "\u{301}", "ừ", "\u{212A}", "#", "'"]
        var disagreements: [String] = []
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...24, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            if Self.refusal(text, scan: true) != Self.refusal(text, scan: false) { disagreements.append(text.debugDescription) }
        }
        #expect(disagreements == [])
    }
}
