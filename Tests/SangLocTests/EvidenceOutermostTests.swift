@testable import SangLoc
import Testing

/// `Evidence.outermost`, the sweep that drops spans inside longer spans of the same hit,
/// against the definition (compare every pair), on random spans and on a huge post's worth.
@Suite("Evidence.outermost")
struct EvidenceOutermostTests {
    /// The definition: a span is dropped when another span with a different range contains it;
    /// links are always kept; order is kept.
    static func byDefinition(_ evidence: [Evidence]) -> [Evidence] {
        evidence.filter { e in
            e.link != nil || !evidence.contains { other in
                other.link == nil && other.range != e.range && other.range.lowerBound <= e.range.lowerBound
                    && e.range.upperBound <= other.range.upperBound
            }
        }
    }

    @Test("agrees with the definition on random spans, duplicates and links included", arguments: 0..<40)
    func agreesWithDefinition(seed: Int) {
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        let evidence = (0..<(1 + next(30))).map { _ -> Evidence in
            let start = next(20)
            return Evidence(range: start..<(start + next(6)), tier: .exact, sentence: nil, link: next(8) == 0 ? next(3) : nil)
        }
        #expect(Evidence.outermost(evidence) == Self.byDefinition(evidence))
        // In text order, as term evidence comes (the check for spans that all rise included).
        let sorted = evidence.sorted { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        #expect(Evidence.outermost(sorted) == Self.byDefinition(sorted))
        // The one-pass path for evidence in order without links, and its refusal of the rest.
        let plain = sorted.filter { $0.link == nil }
        #expect(Evidence.outermostOfSorted(plain) == Self.byDefinition(plain))
        if evidence.contains(where: { $0.link != nil }) { #expect(Evidence.outermostOfSorted(sorted) == nil) }
        if plain.count > 1, plain.first!.range.lowerBound < plain.last!.range.lowerBound {
            #expect(Evidence.outermostOfSorted(plain.reversed()) == nil)
        }
        let rising = (0..<(2 + next(10))).map { k in Evidence(range: (3 * k)..<(3 * k + 2 + next(3)), tier: .exact, sentence: nil) }
        #expect(Evidence.outermost(rising) == rising)
        #expect(Evidence.outermost(rising) == Self.byDefinition(rising))
    }

    @Test("50,000 spans of one hit are sorted out at once")
    func manySpans() {
        // Pairs like `lừa đảo` (two syllables) covering `đảo`, across a huge post.
        let evidence = (0..<25_000).flatMap { k in
            [Evidence(range: (4 * k)..<(4 * k + 3), tier: .exact, sentence: nil, link: nil),
             Evidence(range: (4 * k + 2)..<(4 * k + 3), tier: .exact, sentence: nil, link: nil)]
        }
        let clock = ContinuousClock()
        let start = clock.now
        let kept = Evidence.outermost(evidence)
        #expect(clock.now - start < .seconds(5), "comparing every pair takes minutes here")
        #expect(kept.count == 25_000)
        #expect(kept.allSatisfy { $0.range.count == 3 })
    }
}
