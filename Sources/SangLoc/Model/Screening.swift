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
