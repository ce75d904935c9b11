import Foundation
@testable import SangLoc
import Testing
@_spi(Engine) import VietText

/// The syllable ids that a rule set's normalizer gives each token (`SyllableIndex`): the term
/// walk reads them instead of looking each token up, so they must be the vocabulary's ids on
/// every path of the normalizer, and texts from another normalizer must screen the same.
@Suite("Term walk: syllable ids carried by tokens")
struct TermWalkSyllableIDTests {
    static let pack = """
        pack: t
        rules:
          - { id: scam, category: scam, verdict: harmful, match: { terms: [lừa đảo, chuyển khoản, số tài khoản] } }
          - { id: drug, category: drugs, verdict: harmful, match: { terms: [ma túy, cỏ] } }
        """

    /// Texts that take each path: cached chunks, new chunks, a chunk too long to cache,
    /// post-processing (split letters, readings next to an amount), the whole-text path
    /// (mojibake, VIQR), and no tokens at all.
    static let texts = [
        "Cẩn thận lừa đảo nha, chuyển khoản trước",
        "Cẩn thận lừa đảo nha, chuyển khoản trước",
        "zxqv lừa-đảo-https://example.com/" + String(repeating: "a", count: 300),
        "Cẩn thận L.Ừ.A  Đ.Ả.O nha, ck 500k vào stk",
        "LÆ°Ì€a Ä‘aÌ‰o",
        "lu+`a dda?o",
        "   ",
        "ma tuy, co va lua dao",
    ]

    @Test(arguments: texts)
    func tokensCarryTheVocabularysIDs(text: String) throws {
        let rules = try Screener(pack: RulePackLoader.load(yaml: Self.pack)).rules
        let normalized = rules.normalizer.normalize(text)
        #expect(normalized.layers.syllableStamp == rules.normalizer.syllableStamp)
        #expect(rules.normalizer.syllableStamp != 0)
        let layers = normalized.layers
        for k in layers.indices {
            let token = layers[k]
            let form = layers.canonicalText(at: k)
            let bare = layers.bareText(at: k)
            let matchable = token.kind.isMatchable
            #expect(token.syllableID == (matchable ? rules.vocabulary.id(form) : -1), "\(form) in \(text.debugDescription), token \(k)")
            let typedBare = matchable && !token.hasDiacritics
            #expect(token.bareSyllableID == (typedBare ? rules.vocabulary.id(bare) : -1), "\(bare) in \(text.debugDescription), token \(k)")
        }
        #expect(layers.indices.contains { layers[$0].syllableID >= 0 } == !normalized.tokens.filter { ["lừa", "đảo", "chuyển", "khoản", "ma", "túy", "cỏ", "số", "tài"].contains($0.canonical) }.isEmpty)
    }

    @Test(arguments: texts)
    func textsFromAnotherNormalizerScreenTheSame(text: String) throws {
        let screener = try Screener(pack: RulePackLoader.load(yaml: Self.pack))
        // The same pack compiled again: the same vocabulary, but ids from elsewhere are not trusted.
        let twin = try Screener(pack: RulePackLoader.load(yaml: Self.pack))
        let post = Post(id: "1", text: text)
        let own = screener.screen(post)
        let plain = Normalizer().normalize(text)
        #expect(plain.layers.syllableStamp == 0)
        #expect(screener.screen(post, normalized: plain, scratch: ScreeningScratch()) == own)
        #expect(screener.screen(post, normalized: twin.rules.normalizer.normalize(text), scratch: ScreeningScratch()) == own)
        #expect(twin.rules.normalizer.syllableStamp != screener.rules.normalizer.syllableStamp)
    }

    @Test func idsFindTheTermsTheyStandFor() throws {
        let screener = try Screener(pack: RulePackLoader.load(yaml: Self.pack))
        let screening = screener.screen(Post(id: "1", text: "Cẩn thận lừa đảo, cho xin số tài khoản. Ma túy và cỏ"))
        #expect(screening.hits.map(\.rule) == ["scam", "drug"])
        #expect(screening.hits.flatMap(\.matches).map(\.text) == ["lừa đảo", "số tài khoản", "Ma túy", "cỏ"])
    }
}
