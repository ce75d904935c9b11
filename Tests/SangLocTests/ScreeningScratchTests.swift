import SangLoc
import Testing

/// A worker's scratch keeps working state between posts; used with another rule set, it must
/// screen with that one's rules.
@Suite("Screening scratch")
struct ScreeningScratchTests {
    @Test func oneScratchServesTwoRuleSetsInTurn() throws {
        let scam = try Screener(pack: RulePackLoader.load(yaml: """
            pack: a
            rules:
              - { id: scam-bank-transfer-before-delivery, category: scam, verdict: harmful, match: { terms: [chuyển khoản trước] } }
            """))
        let drugs = try Screener(pack: RulePackLoader.load(yaml: """
            pack: b
            rules:
              - { id: drugs-sale-offer-in-a-long-rule-id, category: drugs, verdict: harmful, match: { any: [{ terms: [ma túy] }, { regex: 'thu[ốo]c\\s+l[ắa]c' }] } }
            """))
        let scratch = ScreeningScratch()
        let post = Post(id: "1", text: "Chuyển khoản trước nhé, có ma túy và thuốc lắc")
        for _ in 0..<2 {
            #expect(scam.screen(post, scratch: scratch).hits.map(\.rule) == ["scam-bank-transfer-before-delivery"])
            let hits = drugs.screen(post, scratch: scratch).hits
            #expect(hits.map(\.rule) == ["drugs-sale-offer-in-a-long-rule-id"])
            #expect(hits.first?.category == "drugs")
            #expect(hits.first?.matches.map(\.text) == ["ma túy", "thuốc lắc"])
        }
    }
}
