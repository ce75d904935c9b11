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
