import Testing

@testable import SangLoc

/// ``BatchSummary/count(_:flags:)`` counts what a post's screening says: its verdict, the
/// categories that voted for it (``Screening/categories``), each rule once.
@Suite("Batch summary counts")
struct BatchSummaryCountTests {
    static func hit(_ rule: String, _ category: String, _ verdict: Verdict) -> RuleHit {
        RuleHit(rule: rule, category: category, verdict: verdict, weight: 1, matches: [])
    }

    static let screenings: [Screening] = [
        Screening(verdict: .harmful, score: 1, basis: .rules, hits: [
            hit("a", "scam", .harmful), hit("b", "scam", .harmful), hit("c", "rumor", .unverified),
            hit("d", "rumor", .harmful), hit("a", "scam", .harmful),
        ]),
        Screening(verdict: .unverified, score: 0.5, basis: .rules, hits: [
            hit("c", "rumor", .unverified), hit("e", "scam", .harmful), hit("f", "spam", .unverified),
            hit("c", "rumor", .unverified),
        ]),
        Screening(verdict: .verified, score: 0, basis: .noSignal, hits: []),
        Screening(verdict: .harmful, score: 2, basis: .rules, hits: (0..<12).map {
            hit("r\($0 % 5)", "k\($0 % 3)", $0 % 4 == 0 ? .unverified : .harmful)
        }),
    ]

    @Test("categories are those of Screening.categories, once per post; rules once per post")
    func counts() {
        var summary = BatchSummary()
        var categories: [String: Int] = [:]
        var rules: [String: Int] = [:]
        for screening in Self.screenings {
            summary.count(screening)
            for category in screening.categories { categories[category, default: 0] += 1 }
            for rule in Set(screening.hits.map(\.rule)) { rules[rule, default: 0] += 1 }
        }
        #expect(summary.categories == categories)
        #expect(summary.categories == ["scam": 1, "rumor": 2, "spam": 1, "k0": 1, "k1": 1, "k2": 1])
        #expect(summary.rules == rules)
        #expect(summary.verdicts == [.harmful: 2, .unverified: 1, .verified: 1])
        #expect(summary.posts == 4)
    }
}
