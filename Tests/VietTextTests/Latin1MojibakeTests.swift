import Testing
import VietText

@Suite("Latin-1 mojibake repair")
struct Latin1MojibakeTests {
    @Test(
        "repairs UTF-8 bytes that were read as Latin-1",
        arguments: [
            ("C\u{e1}\u{ba}\u{a3}nh b\u{c3}\u{a1}o l\u{e1}\u{bb}\u{ab}a \u{c4}\u{91}\u{e1}\u{ba}\u{a3}o", "Cảnh báo lừa đảo"),
            ("Tobias L\u{c3}\u{b8}ye's", "Tobias Løye's"),
            ("\u{f0}\u{9f}\u{8e}\u{82}", "🎂"),
        ])
    func repairs(mojibake: String, expected: String) {
        #expect(Latin1Mojibake.repair(mojibake) == expected)
    }

    @Test(
        "leaves text alone when it is not this mojibake",
        arguments: [
            "plain ASCII",  // nothing at or above U+0080
            "café naïve",  // Latin-1 letters whose bytes are not UTF-8
            "Cảnh báo",  // already repaired: scalars above U+00FF
            "\u{c0}\u{80}",  // an overlong encoding of NUL: not strict UTF-8
            "\u{e1}\u{ba}",  // a truncated sequence
            "\u{ed}\u{a0}\u{80}",  // an encoded surrogate
        ])
    func declines(text: String) {
        #expect(Latin1Mojibake.repair(text) == nil)
    }
}
