import Foundation
import SangLoc
import Testing

/// The `stripped` tier: a word typed without its accents among accented words is read as the
/// word it hides, unless it is one of the pack's `accentless_words`; `folded-phrases`.
@Suite("Engine: the stripped tier")
struct EngineStrippedTierTests {
    static let pack = """
        pack: t
        lists:
          everyday: [cho, sao]
        accentless_words: everyday
        rules:
          - id: hidden
            category: profanity
            verdict: harmful
            tiers: [exact, stripped]
            match: { terms: [lồn, chó, con điên] }
          - id: folded-phrases
            category: harassment
            verdict: harmful
            tiers: [exact, folded-phrases]
            match: { terms: [súc vật, khùng] }
        """

    @Test("a word stripped among accented words matches, with tier stripped and its own span")
    func strippedAmongAccented() throws {
        let s = try screener(Self.pack)
        let screening = s.screen(Post(id: "1", text: "Thuyết cái lon gì vậy"))
        let match = try #require(screening.hits.first?.matches.first)
        #expect(screening.hits.map(\.rule) == ["hidden"])
        #expect(match.text == "lon")
        #expect(match.range == 11..<14)
        #expect(match.tier == .stripped)
        #expect(firedRules(s, "Bỏ mấy con dien đấy đi") == ["hidden"])
    }

    @Test("in a post typed without accents the same word is not stripped (it is folded, which the rule does not take)")
    func notInUnaccentedText() throws {
        let s = try screener(Self.pack)
        #expect(firedRules(s, "mua lon bia ve nha") == [])
        #expect(firedRules(s, "cái lồn") == ["hidden"])
    }

    @Test("accentless words are never read as a hidden word")
    func accentlessWordsAreWords() throws {
        let s = try screener(Self.pack)
        #expect(firedRules(s, "Cho mình xin số điện thoại") == [])
        let without = try screener(Self.pack.replacingOccurrences(of: "accentless_words: everyday\n", with: ""))
        #expect(firedRules(without, "Cho mình xin số điện thoại") == ["hidden"])
    }

    @Test("a rule without `stripped` keeps its old behaviour")
    func optIn() throws {
        let s = try screener("""
            pack: t
            rules:
              - { id: plain, category: x, verdict: harmful, match: { terms: [lồn, con điên] } }
            """)
        #expect(firedRules(s, "Thuyết cái lon gì vậy") == [])
        let phrase = try #require(s.screen(Post(id: "1", text: "Bỏ mấy con dien đấy đi")).hits.first?.matches.first)
        #expect(phrase.tier == .folded)
    }

    @Test("folded-phrases folds phrases, never one syllable")
    func foldedPhrases() throws {
        let s = try screener(Self.pack)
        #expect(firedRules(s, "may la suc vat") == ["folded-phrases"])
        #expect(firedRules(s, "ong ay khung qua") == [])
        let folds = try screener(Self.pack.replacingOccurrences(of: "folded-phrases]", with: "folded]"))
        #expect(firedRules(folds, "ong ay khung qua") == ["folded-phrases"])
    }

    @Test("an unknown tier names folded-phrases among the allowed ones")
    func unknownTier() throws {
        #expect {
            try screener("""
                pack: t
                rules:
                  - { id: r, category: x, verdict: harmful, tiers: [folded-phrase], match: { terms: [a] } }
                """)
        } throws: { error in
            "\(error)".contains("unknown tier 'folded-phrase'") && "\(error)".contains("folded-phrases")
        }
    }

    @Test("a rule whose only tier is folded reads a one-syllable word in text typed without accents, and lint leaves it be")
    func foldedOnly() throws {
        let yaml = """
            pack: t
            rules:
              - id: accentless
                category: harassment
                verdict: harmful
                tiers: [folded]
                match: { terms: [khùng] }
            """
        let s = try screener(yaml)
        let screening = s.screen(Post(id: "1", text: "ba nay khung that"))
        let match = try #require(screening.hits.first?.matches.first)
        #expect(match.text == "khung" && match.tier == .folded)
        // Typed with accents, the word is not this rule's (its tiers hold no `exact`), and a
        // bare word among accented ones is not `folded`.
        #expect(firedRules(s, "Bà này khùng thật") == [])
        #expect(firedRules(s, "Cái khung ảnh này đẹp thật") == [])
        func messages(_ yaml: String) throws -> [String] {
            let pack = try RulePackLoader.load(yaml: yaml)
            return RuleLinter.warnings(for: pack, compiled: try CompiledRuleSet(pack: pack)).map(\.message)
        }
        #expect(try messages(yaml).allSatisfy { !$0.contains("folds the single syllable") })
        let beside = try messages(yaml.replacingOccurrences(of: "tiers: [folded]", with: "tiers: [exact, folded]"))
        #expect(beside.contains { $0.contains("rule 'accentless' folds the single syllable 'khùng'") })
    }

    @Test("lint: the stripped tier without accentless words, and an accentless word with accents")
    func lint() throws {
        func messages(_ yaml: String) throws -> [String] {
            let pack = try RulePackLoader.load(yaml: yaml)
            return RuleLinter.warnings(for: pack, compiled: try CompiledRuleSet(pack: pack)).map(\.message)
        }
        let without = try messages(Self.pack.replacingOccurrences(of: "accentless_words: everyday\n", with: ""))
        #expect(without.contains { $0.contains("rule 'hidden' lists the stripped tier but the pack has no 'accentless_words'") })
        let accented = try messages(Self.pack.replacingOccurrences(of: "everyday: [cho, sao]", with: "everyday: [cho, sạo]"))
        #expect(accented.contains("accentless word 'sạo' has accents: list words as people type them without accents ('sao')"))
        #expect(try messages(Self.pack).allSatisfy { !$0.contains("accentless") })
    }
}
