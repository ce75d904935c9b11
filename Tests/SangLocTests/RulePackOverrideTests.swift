import Foundation
import SangLoc
import Testing

/// `overrides:` changes rules defined elsewhere; an overlay pack keeps the policy it extends.
@Suite("Rule packs: overrides")
struct RulePackOverrideTests {
    static func file(_ yaml: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("overlay-\(UUID().uuidString).yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func oneLineMakesIntensifiersHarmful() throws {
        let overlay = try Self.file("""
            pack: strict
            overrides: { profanity.intensifier: { verdict: harmful } }
            """)
        let plain = try Screener(pack: RulePackLoader.load(packs: ["default"]))
        let strict = try Screener(pack: RulePackLoader.load(packs: ["default", overlay]))
        #expect(plain.screen(Post(id: "1", text: "phim hay vl")).verdict == .verified)
        let screening = strict.screen(Post(id: "1", text: "phim hay vl"))
        #expect(screening.verdict == .harmful)
        #expect(screening.hits.map(\.rule) == ["profanity.intensifier"])
        #expect(try RulePackLoader.load(packs: ["default", overlay]).policy == RulePackLoader.load(packs: ["default"]).policy)
    }

    @Test func weightOverrideInsideOnePack() throws {
        let pack = try RulePackLoader.load(yaml: """
            pack: t
            rules:
              - { id: a.one, category: a, verdict: harmful, weight: 0.4, match: { terms: [xyz] } }
            overrides:
              a.one: { weight: 1.0 }
            """)
        #expect(pack.rules.first?.weight == 1.0)
        #expect(pack.overrides.isEmpty)
    }

    @Test func unknownRuleIsAnErrorWithTheNearestId() throws {
        let overlay = try Self.file("""
            pack: strict
            overrides: { profanity.intensifer: { verdict: harmful } }
            """)
        #expect {
            try RulePackLoader.load(packs: ["default", overlay])
        } throws: { error in
            let text = "\(error)"
            return text.contains("override of unknown rule 'profanity.intensifer'") && text.contains("did you mean 'profanity.intensifier'?")
        }
    }

    @Test func anOverlayAloneIsAnError() throws {
        let overlay = try Self.file("""
            pack: strict
            overrides: { profanity.intensifier: { verdict: harmful } }
            """)
        #expect(throws: RulePackError.self) { try RulePackLoader.load(packs: [overlay]) }
    }

    @Test func anOverrideMustChangeSomething() throws {
        #expect {
            try RulePackLoader.load(yaml: """
                pack: t
                rules:
                  - { id: a.one, category: a, verdict: harmful, match: { terms: [xyz] } }
                overrides: { a.one: {} }
                """)
        } throws: { error in "\(error)".contains("changes nothing") }
    }
}
