import SangLoc
import Testing

@Suite("Evaluation: obfuscation transforms")
struct EvaluationTransformTests {
    @Test("each transform rewrites a known span exactly", arguments: [
        (ObfuscationTransform.dots, "lừa đảo", "l.ừ.a đ.ả.o"),
        (.zeroWidth, "lừa đảo", "l\u{200B}ừ\u{200B}a đ\u{200B}ả\u{200B}o"),
        // Cyrillic а (U+0430) keeps its hook above decomposed; о (U+043E); đ has no look-alike.
        (.lookalikes, "lừa đảo", "lừ\u{0430} đ\u{0430}\u{0309}\u{043E}"),
        (.lookalikes, "chuyển khoản", "\u{0441}hu\u{0443}\u{0435}\u{0302}\u{0309}n kh\u{043E}\u{0430}\u{0309}n"),
        // Cyrillic а + breve recomposes to U+04D1 (Cyrillic ӑ), the one precomposed look-alike.
        (.lookalikes, "bằng", "b\u{04D1}\u{0300}ng"),
        (.repeatedLetters, "lừa đảo", "lừaaa đảooo"),
        (.repeatedLetters, "hết tiền", "hếếết tiềềền"),
        // Fullwidth base letters, Vietnamese marks kept as combining marks, đ unchanged.
        (.fullwidth, "Vay lừa", "\u{FF36}\u{FF41}\u{FF59} \u{FF4C}\u{FF55}\u{031B}\u{0300}\u{FF41}"),
        (.fullwidth, "đảo", "đ\u{FF41}\u{0309}\u{FF4F}"),
        (.nfd, "lừa", "lu\u{031B}\u{0300}a"),
        (.stripDiacritics, "Đánh bạc lừa đảo", "Danh bac lua dao"),
    ])
    func transformSpan(_ transform: ObfuscationTransform, _ input: String, _ expected: String) {
        let output = transform.apply(to: input)
        #expect(Array(output.unicodeScalars) == Array(expected.unicodeScalars), "\(transform): got \(output.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test("only the given spans change; overlapping spans are merged")
    func spansOnly() {
        let text = "Cẩn thận lừa đảo nhé"
        // "lừa đảo" is scalars 9..<16; the two overlapping spans cover it together.
        let output = ObfuscationTransform.dots.apply(to: text, spans: [9..<13, 12..<16])
        #expect(output == "Cẩn thận l.ừ.a đ.ả.o nhé")
        #expect(ObfuscationTransform.stripDiacritics.apply(to: text, spans: [9..<16]) == "Cẩn thận lua dao nhé")
    }

    @Test("nfd decomposes the whole text, whatever the spans")
    func nfdWholeText() {
        let output = ObfuscationTransform.nfd.apply(to: "Cẩn thận lừa đảo", spans: [9..<16])
        #expect(output.unicodeScalars.count == 23)
        #expect(output == "Cẩn thận lừa đảo")  // canonically equal
        #expect(!output.unicodeScalars.contains("ẩ"))
    }
}
