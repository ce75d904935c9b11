/// Where a match was found and how.
public struct Match: Sendable, Hashable {
    /// The matched span of the post's text, in Unicode scalars (`text[start:end]` in Python).
    public var range: Range<Int>
    /// The original text of the span (for a link given beside the text, the link).
    public var text: String
    /// How the match was made.
    public var tier: Tier
    /// `links` when the match is a link given beside the text rather than a span of it.
    public var field: String?

    /// A match of `text` at `range` made by `tier`; `field` is `links` for a link beside the text.
    public init(range: Range<Int>, text: String, tier: Tier, field: String? = nil) {
        self.range = range
        self.text = text
        self.tier = tier
        self.field = field
    }
}

/// A rule that fired on a post, with its evidence.
public struct RuleHit: Sendable, Hashable {
    /// The id of the rule that fired.
    public var rule: String
    /// The rule's category.
    public var category: String
    /// What the hit votes for; nil for a report-only rule (written `"verdict":"none"`).
    public var verdict: Verdict?
    /// The rule's weight, added to the sum of its verdict.
    public var weight: Double
    /// The evidence: matched spans of the text (and links), in text order.
    public var matches: [Match]
    /// Distinct matches left out beyond ``maximumMatches`` (written `"more_matches"` when not 0).
    public var moreMatches: Int

    /// The most matches one hit reports, so that one post's record stays bounded.
    public static let maximumMatches = 100

    /// A hit of `rule` with its vote, weight and evidence.
    public init(rule: String, category: String, verdict: Verdict?, weight: Double, matches: [Match], moreMatches: Int = 0) {
        self.rule = rule
        self.category = category
        self.verdict = verdict
        self.weight = weight
        self.matches = matches
        self.moreMatches = moreMatches
    }
}

/// Why a post got its verdict.
public enum Basis: String, Sendable, Hashable, Codable {
    /// A threshold of the policy was reached by the hits.
    case rules
    /// Some rules fired, but no threshold was reached: the policy's `below_threshold` verdict
    /// applies when some of them vote harmful, its default otherwise.
    case belowThreshold = "below-threshold"
    /// No rule fired: the policy's default applies.
    case noSignal = "no-signal"
}

/// A rule that could not be evaluated on a post (a regex hit its match limit); the post is
/// screened with the other rules and the problem is reported, never hidden.
public struct RuleFailure: Sendable, Hashable {
    /// The id of the rule that could not be evaluated.
    public var rule: String
    /// What went wrong, such as a regex stopped by its match limit or a time that could not be read.
    public var message: String

    /// A failure of `rule`, told by `message`.
    public init(rule: String, message: String) {
        self.rule = rule
        self.message = message
    }
}

/// The outcome of screening one post.
public struct Screening: Sendable, Hashable {
    /// The post's verdict.
    public var verdict: Verdict
    /// The sum of the weights that decided the verdict (0 without a signal).
    public var score: Double
    /// Why the verdict: a threshold reached, evidence below every threshold, or no signal.
    public var basis: Basis
    /// Rules that fired, in pack order.
    public var hits: [RuleHit]
    /// Rules that failed on this post.
    public var failures: [RuleFailure]

    /// A screening with its verdict, score, basis, hits and failures.
    public init(verdict: Verdict, score: Double, basis: Basis, hits: [RuleHit], failures: [RuleFailure] = []) {
        self.verdict = verdict
        self.score = score
        self.basis = basis
        self.hits = hits
        self.failures = failures
    }

    /// Categories of the hits that voted for the verdict, in order of first appearance.
    public var categories: [String] {
        var seen: [String] = []
        forEachCategory { seen.append($0) }
        return seen
    }

    /// Calls `body` with each of `categories` in turn, without building the array (a batch
    /// counts them for every post).
    func forEachCategory(_ body: (String) -> Void) {
        for (index, hit) in hits.enumerated() where hit.verdict == verdict {
            let category = hit.category
            if !hits[..<index].contains(where: { $0.verdict == verdict && $0.category == category }) { body(category) }
        }
    }
}

extension Policy {
    /// docs/design.md §5: harmful when harmful weights reach their threshold; else verified when
    /// verified evidence reaches its threshold and unverified signals do not; else unverified
    /// when those reach theirs; else `belowThreshold` (unverified) when there is harmful
    /// evidence; else the default. Report-only hits vote for nothing.
    public func decide(_ hits: [RuleHit]) -> (verdict: Verdict, score: Double, basis: Basis) {
        // Summed in hit order, verdict by verdict (no dictionary: this runs for every post).
        var (harmfulSum, unverifiedSum, verifiedSum) = (0.0, 0.0, 0.0)
        for hit in hits {
            switch hit.verdict {
            case .harmful: harmfulSum += hit.weight
            case .unverified: unverifiedSum += hit.weight
            case .verified: verifiedSum += hit.weight
            case nil: break
            }
        }
        if harmfulSum > 0, harmfulSum >= harmful - 1e-9 { return (.harmful, harmfulSum, .rules) }
        if verifiedSum > 0, verifiedSum >= verified - 1e-9, unverifiedSum < unverified - 1e-9 {
            return (.verified, verifiedSum, .rules)
        }
        if unverifiedSum > 0, unverifiedSum >= unverified - 1e-9 { return (.unverified, unverifiedSum, .rules) }
        if harmfulSum > 0 { return (belowThreshold, harmfulSum, .belowThreshold) }
        return (defaultVerdict, 0, hits.isEmpty ? .noSignal : .belowThreshold)
    }
}
