/// The operating point `sangloc rules calibrate` chooses the harmful threshold for.
public enum CalibrationObjective: Sendable, Hashable {
    /// The threshold with the highest post-level harmful F1.
    case f1
    /// The threshold with the highest harmful recall whose precision is at least this (0 to 1).
    case targetPrecision(Double)
}

/// Labelled posts that cannot be calibrated on (one class only, too few posts for the folds).
public struct CalibrationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the posts, and what to do.
    public var message: String
    /// An error saying `message`.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

/// Post-level counts for the harmful verdict: labelled harmful or clean (unverified or
/// verified), judged harmful or not.
public struct HarmfulScores: Sendable, Hashable {
    /// Labelled harmful, judged harmful.
    public var truePositives = 0
    /// Labelled clean, judged harmful.
    public var falsePositives = 0
    /// Labelled harmful, judged otherwise.
    public var falseNegatives = 0
    /// Labelled clean, judged otherwise.
    public var trueNegatives = 0

    /// No post counted yet.
    public init() {}

    /// Counts one post.
    public mutating func add(labelledHarmful: Bool, judgedHarmful: Bool) {
        switch (labelledHarmful, judgedHarmful) {
        case (true, true): truePositives += 1
        case (false, true): falsePositives += 1
        case (true, false): falseNegatives += 1
        case (false, false): trueNegatives += 1
        }
    }

    /// Share of the posts judged harmful that are labelled harmful; nil when none was judged so.
    public var precision: Double? {
        truePositives + falsePositives == 0 ? nil : Double(truePositives) / Double(truePositives + falsePositives)
    }
    /// Share of the posts labelled harmful that are judged harmful; nil when none is labelled so.
    public var recall: Double? {
        truePositives + falseNegatives == 0 ? nil : Double(truePositives) / Double(truePositives + falseNegatives)
    }
    /// `2TP / (2TP + FP + FN)`; nil when there is no harmful post, labelled or judged.
    public var f1: Double? {
        let denominator = 2 * truePositives + falsePositives + falseNegatives
        return denominator == 0 ? nil : Double(2 * truePositives) / Double(denominator)
    }
}

/// One rule the calibration could change: its hits on the labelled posts and its weight
/// before and after.
public struct RuleCalibration: Sendable, Hashable {
    /// The rule's id.
    public var rule: String
    /// The rule's category.
    public var category: String
    /// The rule's vote in the pack (nil: report-only).
    public var verdict: Verdict?
    /// The rule's weight in the pack.
    public var weight: Double
    /// Posts labelled harmful the rule fired on.
    public var harmfulPosts: Int
    /// Posts labelled unverified or verified the rule fired on.
    public var cleanPosts: Int
    /// False when the rule fired on fewer posts than `PackCalibrator.minimumHits`: it keeps its weight.
    public var calibrated: Bool
    /// The vote after calibration: `.harmful` for a report-only rule given a weight.
    public var newVerdict: Verdict?
    /// The weight after calibration, rounded to 3 decimals.
    public var newWeight: Double

    /// Posts the rule fired on.
    public var posts: Int { harmfulPosts + cleanPosts }
    /// Whether the overlay changes the rule.
    public var changed: Bool { newVerdict != verdict || newWeight != weight }
    /// The rule's weight towards a harmful verdict before calibration (0 for a report-only rule).
    public var harmfulWeight: Double { verdict == .harmful ? weight : 0 }
    /// The rule's weight towards a harmful verdict after calibration.
    public var newHarmfulWeight: Double { newVerdict == .harmful ? newWeight : 0 }
}

/// The outcome of `PackCalibrator.calibrate`: the new weights and threshold, and the figures
/// before and after, on held-out folds.
public struct Calibration: Sendable {
    /// The calibrated pack's name.
    public var packName: String
    /// The calibrated pack's version.
    public var packVersion: String
    /// The policy of the calibrated pack; the overlay changes its harmful threshold only.
    public var policy: Policy
    /// The operating point the threshold was chosen for.
    public var objective: CalibrationObjective
    /// Folds of the cross-validation the before and after figures come from.
    public var folds: Int
    /// Rules that fired on fewer posts kept their weight.
    public var minimumHits: Int
    /// The largest weight a rule could get.
    public var maximumWeight: Double
    /// Posts read.
    public var posts: Int
    /// Posts read that are labelled harmful.
    public var harmfulPosts: Int
    /// Every harmful-voting rule (and report-only rule, unless kept out), in pack order.
    public var rules: [RuleCalibration]
    /// The harmful threshold after calibration (before: `policy.harmful`).
    public var threshold: Double
    /// The uncalibrated pack on every post (each post is in one held-out fold, and the pack
    /// was not fitted on any).
    public var before: HarmfulScores
    /// Cross-validated: each fold judged by weights and a threshold fitted on the other folds.
    public var after: HarmfulScores
    /// The same, fold by fold.
    public var foldScores: [HarmfulScores]
    /// The calibrated weights on the posts they were fitted on (optimistic; for comparison only).
    public var fitted: HarmfulScores
    /// For `.targetPrecision`: whether the fitted threshold reaches the target on the posts it
    /// was fitted on (when not, the threshold with the highest precision was taken).
    public var targetReached: Bool

    /// The rules the calibration changed.
    public var changedRules: [RuleCalibration] { rules.filter(\.changed) }
    /// The rules with too few hits, which keep their weight.
    public var keptRules: [RuleCalibration] { rules.filter { !$0.calibrated } }
}
