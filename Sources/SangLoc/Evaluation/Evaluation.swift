/// How well a rule pack does on a labelled set: the figures `sangloc eval` prints.
public struct Evaluation: Sendable {
    /// Posts evaluated.
    public var total: Int
    /// `confusion[expected][got]`: how many posts labelled `expected` were judged `got`.
    public var confusion: [Verdict: [Verdict: Int]]
    /// The posts judged otherwise than labelled, in file order.
    public var errors: [EvaluationError]
    /// Per transform, how many harmful verdicts survive obfuscating the evidence.
    public var robustness: [TransformRobustness]
    /// Clean posts (labelled verified or unverified) judged harmful, before and after all
    /// diacritics are stripped from their whole text.
    public var foldedFalsePositives: FoldedFalsePositives
    /// Span scores over the posts with span annotations; nil when no post has any.
    public var spanScores: SpanScores? = nil
    /// Every rule that fired, most hits on clean posts first (then by rule id).
    public var rules: [RuleStatistics] = []
    /// Gold span texts no harmful match overlaps, most frequent first (then by text).
    public var uncoveredSpans: [UncoveredSpan] = []

    /// Posts labelled unverified or verified.
    public var cleanPosts: Int { count(labelled: .unverified) + count(labelled: .verified) }
    /// Posts labelled unverified or verified but judged harmful.
    public var cleanJudgedHarmful: Int { count(expected: .unverified, got: .harmful) + count(expected: .verified, got: .harmful) }
    /// `cleanJudgedHarmful / cleanPosts`; nil when there is no clean post.
    public var cleanFlaggedHarmful: Double? { cleanPosts == 0 ? nil : Double(cleanJudgedHarmful) / Double(cleanPosts) }

    /// Posts labelled `verdict`.
    public func count(labelled verdict: Verdict) -> Int { Verdict.allCases.reduce(0) { $0 + count(expected: verdict, got: $1) } }

    /// Posts judged as labelled.
    public var correct: Int { Verdict.allCases.reduce(0) { $0 + count(expected: $1, got: $1) } }

    /// `correct / total` (0 for an empty set).
    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }

    /// Posts labelled `expected` and judged `got`.
    public func count(expected: Verdict, got: Verdict) -> Int { confusion[expected]?[got] ?? 0 }

    /// Precision, recall and F1 of one verdict.
    public func scores(for verdict: Verdict) -> VerdictScores {
        let truePositives = count(expected: verdict, got: verdict)
        let predicted = Verdict.allCases.reduce(0) { $0 + count(expected: $1, got: verdict) }
        let actual = Verdict.allCases.reduce(0) { $0 + count(expected: verdict, got: $1) }
        return VerdictScores(verdict: verdict, truePositives: truePositives, predicted: predicted, actual: actual)
    }
}

/// Precision, recall and F1 of one verdict, from its counts.
public struct VerdictScores: Sendable, Hashable {
    /// The verdict scored.
    public var verdict: Verdict
    /// Posts labelled and judged `verdict`.
    public var truePositives: Int
    /// Posts judged `verdict`.
    public var predicted: Int
    /// Posts labelled `verdict`.
    public var actual: Int

    /// Share of the posts judged `verdict` that are labelled so; nil when none was judged so.
    public var precision: Double? { predicted == 0 ? nil : Double(truePositives) / Double(predicted) }
    /// Share of the posts labelled `verdict` that are judged so; nil when none is labelled so.
    public var recall: Double? { actual == 0 ? nil : Double(truePositives) / Double(actual) }
    /// Harmonic mean of precision and recall; nil when either is undefined, 0 when both are 0.
    public var f1: Double? {
        guard let precision, let recall else { return nil }
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    }
}

/// A post judged otherwise than labelled, with the hits that decided it.
public struct EvaluationError: Sendable, Hashable {
    /// The post's id.
    public var id: String
    /// The line of the labelled file it was read from.
    public var line: Int
    /// The verdict it is labelled with.
    public var expected: Verdict
    /// The verdict the pack gave it.
    public var got: Verdict
    /// The post's text.
    public var text: String
    /// Why the pack gave that verdict.
    public var basis: Basis
    /// The hits that voted for `got` when a threshold was reached; otherwise every hit (all
    /// below threshold), so a missed post shows what little was found.
    public var decidingHits: [RuleHit]
}

/// How many harmful verdicts survive one transform of their evidence.
public struct TransformRobustness: Sendable, Hashable {
    /// The obfuscation applied to the evidence.
    public var transform: ObfuscationTransform
    /// Posts labelled and judged harmful with harmful evidence in their text outside links,
    /// e-mail addresses, phone numbers and mentions (which stop working once rewritten),
    /// obfuscated and screened again.
    public var tested: Int
    /// Of those, the posts still judged harmful.
    public var stillHarmful: Int
    /// Ids of the posts no longer judged harmful, in file order.
    public var lost: [String]

    /// `stillHarmful / tested`; nil when no post could be tested.
    public var share: Double? { tested == 0 ? nil : Double(stillHarmful) / Double(tested) }
}

/// False harmful verdicts on clean posts, before and after folding away diacritics.
public struct FoldedFalsePositives: Sendable, Hashable {
    /// Posts labelled verified or unverified.
    public var clean: Int
    /// Clean posts judged harmful as written.
    public var harmfulBefore: Int
    /// Clean posts judged harmful with all diacritics stripped from the whole text.
    public var harmfulAfter: Int
    /// Ids of the clean posts judged harmful only once stripped, in file order.
    public var turnedHarmful: [String]

    /// `harmfulBefore / clean` (0 without clean posts).
    public var shareBefore: Double { clean == 0 ? 0 : Double(harmfulBefore) / Double(clean) }
    /// `harmfulAfter / clean` (0 without clean posts).
    public var shareAfter: Double { clean == 0 ? 0 : Double(harmfulAfter) / Double(clean) }
    /// `shareAfter - shareBefore`, in percentage points.
    public var increasePercentagePoints: Double { (shareAfter - shareBefore) * 100 }
}
