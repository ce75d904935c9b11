import Dispatch
import Foundation
import Synchronization

/// The operating point `sangloc rules calibrate` chooses the harmful threshold for.
public enum CalibrationObjective: Sendable, Hashable {
    /// The threshold with the highest post-level harmful F1.
    case f1
    /// The threshold with the highest harmful recall whose precision is at least this (0 to 1).
    case targetPrecision(Double)
}

/// Labelled posts that cannot be calibrated on (one class only, too few posts for the folds).
public struct CalibrationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Post-level counts for the harmful verdict: labelled harmful or clean (unverified or
/// verified), judged harmful or not.
public struct HarmfulScores: Sendable, Hashable {
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0
    public var trueNegatives = 0

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
    public var rule: String
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
    /// The calibrated pack's name and version.
    public var packName: String
    public var packVersion: String
    /// The policy of the calibrated pack; the overlay changes its harmful threshold only.
    public var policy: Policy
    public var objective: CalibrationObjective
    public var folds: Int
    public var minimumHits: Int
    public var maximumWeight: Double
    /// Posts read, and of those labelled harmful.
    public var posts: Int
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

/// Fits the weights of a pack's harmful-voting rules and its harmful threshold to labelled
/// posts (`sangloc rules calibrate`), as SpamAssassin re-scores its rules from labelled mail.
///
/// Every post is screened once; the rules that fired on it (harmful-voting, and report-only
/// ones unless `promotesReportOnly` is false) are its features. The weights are fitted by an
/// L2-regularised logistic regression with the pack's own weights as the prior, bounded to
/// `0...maximumWeight` (a harmful rule never becomes evidence of cleanliness), and the
/// threshold is then chosen on the fitted scores for the objective. Logistic regression rather
/// than an averaged perceptron: its loss is convex, so the result is one optimum that does not
/// depend on the order of the posts, and its scores rank posts, so the operating point can be
/// chosen after fitting. Rules that fired on fewer than `minimumHits` posts keep their weight.
/// Posts are grouped by the set of rules that fired on them, so fitting costs nothing next to
/// screening. The result is deterministic: same posts, same pack, same calibration.
public struct PackCalibrator: Sendable {
    public let screener: Screener
    public var objective: CalibrationObjective
    /// Folds of the cross-validation (2 or more).
    public var folds: Int
    /// Rules firing on fewer posts keep their weight.
    public var minimumHits: Int
    /// The largest weight a rule can get.
    public var maximumWeight: Double
    /// Whether report-only rules (`verdict: none`) may be given a harmful vote.
    public var promotesReportOnly: Bool

    /// Strength of the pull towards the pack's weights, in posts' worth of evidence.
    static let priorPosts = 4.0
    /// Logistic slope per unit of weight: a post one unit above the threshold is harmful with
    /// probability σ(4) ≈ 0.98 in the fitted model.
    static let slope = 4.0
    /// Weights and thresholds are written with this many decimals.
    static let decimals = 1000.0

    public init(
        screener: Screener, objective: CalibrationObjective = .f1, folds: Int = 5, minimumHits: Int = 5,
        maximumWeight: Double = 3, promotesReportOnly: Bool = true
    ) {
        self.screener = screener
        self.objective = objective
        self.folds = folds
        self.minimumHits = minimumHits
        self.maximumWeight = maximumWeight
        self.promotesReportOnly = promotesReportOnly
    }

    /// Posts screened so far, for a progress line.
    public typealias Progress = (_ screened: Int, _ total: Int) -> Void

    /// Screens `posts`, fits the weights and threshold, and cross-validates them.
    /// - Throws: `CalibrationError` when the posts are all of one class, or too few for the folds.
    public func calibrate(_ posts: [LabelledPost], progress: Progress? = nil) throws(CalibrationError) -> Calibration {
        let harmfulCount = posts.filter { $0.expected == .harmful }.count
        let cleanCount = posts.count - harmfulCount
        if posts.isEmpty { throw CalibrationError("no labelled posts to calibrate on") }
        if harmfulCount == 0 || cleanCount == 0 {
            let kind = harmfulCount == 0 ? "clean (unverified or verified)" : "harmful"
            throw CalibrationError(
                "all \(posts.count) posts are labelled \(kind); calibration needs both harmful and clean posts to learn "
                    + "where the line is: add posts labelled \(harmfulCount == 0 ? "harmful" : "verified or unverified")")
        }
        if folds < 2 { throw CalibrationError("cross-validation needs at least 2 folds, got \(folds)") }
        if min(harmfulCount, cleanCount) < folds {
            throw CalibrationError(
                "\(folds)-fold cross-validation needs at least \(folds) harmful and \(folds) clean posts; found \(harmfulCount) "
                    + "harmful and \(cleanCount) clean: add posts or lower --folds")
        }

        let pack = screener.rules.pack
        let features = pack.rules.enumerated().filter { $0.element.verdict == .harmful || ($0.element.verdict == nil && promotesReportOnly) }
        let featureIndex = Dictionary(uniqueKeysWithValues: features.enumerated().map { ($0.element.element.id, $0.offset) })
        let screened = screen(posts, featureIndex: featureIndex, progress: progress)

        // Posts grouped by the set of features that fired (first-seen order, for determinism).
        var patternIndex: [[Int]: Int] = [:]
        var patterns: [[Int]] = []
        var postPattern: [Int] = []
        var rules = features.map { RuleCalibration(
            rule: $0.element.id, category: $0.element.category, verdict: $0.element.verdict, weight: $0.element.weight,
            harmfulPosts: 0, cleanPosts: 0, calibrated: false, newVerdict: $0.element.verdict, newWeight: $0.element.weight) }
        var before = HarmfulScores()
        for (post, result) in zip(posts, screened) {
            let harmful = post.expected == .harmful
            before.add(labelledHarmful: harmful, judgedHarmful: result.harmful)
            for feature in result.features {
                if harmful { rules[feature].harmfulPosts += 1 } else { rules[feature].cleanPosts += 1 }
            }
            if let index = patternIndex[result.features] {
                postPattern.append(index)
            } else {
                patternIndex[result.features] = patterns.count
                postPattern.append(patterns.count)
                patterns.append(result.features)
            }
        }
        for index in rules.indices { rules[index].calibrated = rules[index].posts >= minimumHits }

        let model = CalibrationModel(
            patterns: patterns, rules: rules, threshold: pack.policy.harmful, maximumWeight: maximumWeight, objective: objective)
        let labels = posts.map { $0.expected == .harmful }

        // Cross-validation: stratified folds from a fixed-seed shuffle.
        var fold = [Int](repeating: 0, count: posts.count)
        var generator = SplitMix64(seed: 0x5A6E_6C6F_6300_0016)
        for wanted in [true, false] {
            var members = labels.indices.filter { labels[$0] == wanted }
            generator.shuffle(&members)
            for (position, index) in members.enumerated() { fold[index] = position % folds }
        }
        var after = HarmfulScores()
        var foldScores: [HarmfulScores] = []
        for held in 0..<folds {
            var counts = [PatternCount](repeating: PatternCount(), count: patterns.count)
            for index in posts.indices where fold[index] != held { counts[postPattern[index]].add(harmful: labels[index]) }
            let fit = model.fit(counts)
            var scores = HarmfulScores()
            for index in posts.indices where fold[index] == held {
                scores.add(labelledHarmful: labels[index], judgedHarmful: fit.judgesHarmful(patterns[postPattern[index]]))
            }
            after.truePositives += scores.truePositives
            after.falsePositives += scores.falsePositives
            after.falseNegatives += scores.falseNegatives
            after.trueNegatives += scores.trueNegatives
            foldScores.append(scores)
        }

        var counts = [PatternCount](repeating: PatternCount(), count: patterns.count)
        for index in posts.indices { counts[postPattern[index]].add(harmful: labels[index]) }
        let fit = model.fit(counts)
        var fitted = HarmfulScores()
        for index in posts.indices { fitted.add(labelledHarmful: labels[index], judgedHarmful: fit.judgesHarmful(patterns[postPattern[index]])) }
        for index in rules.indices where rules[index].calibrated {
            let weight = fit.weights[index]
            if rules[index].verdict == nil {
                // A report-only rule gets a vote only when the labels give it weight.
                if weight > 0 {
                    rules[index].newVerdict = .harmful
                    rules[index].newWeight = weight
                }
            } else {
                rules[index].newWeight = weight
            }
        }
        return Calibration(
            packName: pack.name, packVersion: pack.version, policy: pack.policy, objective: objective, folds: folds,
            minimumHits: minimumHits, maximumWeight: maximumWeight, posts: posts.count, harmfulPosts: harmfulCount,
            rules: rules, threshold: fit.threshold, before: before, after: after, foldScores: foldScores, fitted: fitted,
            targetReached: fit.targetReached)
    }

    /// One screened post: the features that fired (sorted), and whether the pack judged it harmful.
    struct ScreenedPost: Sendable {
        var features: [Int]
        var harmful: Bool
    }

    /// Screens every post once, on all cores, in batches so that `progress` is called from
    /// the calling thread between them.
    func screen(_ posts: [LabelledPost], featureIndex: [String: Int], progress: Progress?) -> [ScreenedPost] {
        let chunk = 256
        let batch = chunk * 16
        var results: [ScreenedPost] = []
        results.reserveCapacity(posts.count)
        var start = 0
        while start < posts.count {
            let end = min(posts.count, start + batch)
            let chunks = stride(from: start, to: end, by: chunk).map { $0..<min(end, $0 + chunk) }
            let done = Mutex<[Int: [ScreenedPost]]>([:])
            DispatchQueue.concurrentPerform(iterations: chunks.count) { [screener] index in
                let scratch = ScreeningScratch()
                let screened = posts[chunks[index]].map { labelled in
                    let screening = screener.screen(labelled.post, scratch: scratch)
                    let features = Set(screening.hits.compactMap { featureIndex[$0.rule] }).sorted()
                    return ScreenedPost(features: features, harmful: screening.verdict == .harmful)
                }
                done.withLock { $0[index] = screened }
            }
            let byChunk = done.withLock { $0 }
            for index in chunks.indices { results += byChunk[index] ?? [] }
            start = end
            progress?(start, posts.count)
        }
        return results
    }
}

/// Harmful and clean posts of one pattern in a training set.
struct PatternCount {
    var harmful = 0.0
    var clean = 0.0
    mutating func add(harmful isHarmful: Bool) {
        if isHarmful { harmful += 1 } else { clean += 1 }
    }
}

/// The fitted weights and threshold of one training set.
struct CalibrationFit {
    /// Per rule (the calibrator's `rules` order): the weight towards harmful, rounded.
    var weights: [Double]
    var threshold: Double
    var targetReached: Bool

    func score(_ pattern: [Int]) -> Double { pattern.reduce(0) { $0 + weights[$1] } }

    /// As `Policy.decide` judges harmful.
    func judgesHarmful(_ pattern: [Int]) -> Bool {
        let score = score(pattern)
        return score > 0 && score >= threshold - 1e-9
    }
}

/// The logistic model over patterns: P(harmful) = σ(slope · (Σ weights − threshold)).
struct CalibrationModel {
    var patterns: [[Int]]
    var rules: [RuleCalibration]
    var threshold: Double
    var maximumWeight: Double
    var objective: CalibrationObjective

    /// Fits the free weights (rules with enough hits) and a bias by projected gradient descent
    /// with backtracking, then chooses the threshold on the rounded scores for the objective.
    func fit(_ counts: [PatternCount]) -> CalibrationFit {
        let free = rules.map(\.calibrated)
        let prior = rules.map(\.harmfulWeight)
        let slope = PackCalibrator.slope
        // Patterns where nothing fired are judged clean whatever the weights: they count in
        // the operating point, not in the fit.
        let used = patterns.indices.filter { !patterns[$0].isEmpty && counts[$0].harmful + counts[$0].clean > 0 }
        let total = used.reduce(0.0) { $0 + counts[$1].harmful + counts[$1].clean }
        let lambda = total > 0 ? PackCalibrator.priorPosts / total : 0

        // Parameters: one weight per rule (fixed ones never move), then the bias threshold.
        var parameters = prior + [threshold]
        let last = rules.count

        func loss(_ values: [Double]) -> Double {
            var sum = 0.0
            for index in used {
                let z = slope * (patterns[index].reduce(0) { $0 + values[$1] } - values[last])
                let count = counts[index]
                sum += count.harmful * softplus(-z) + count.clean * softplus(z)
            }
            var penalty = 0.0
            for rule in 0..<last where free[rule] { penalty += (values[rule] - prior[rule]) * (values[rule] - prior[rule]) }
            return (total > 0 ? sum / total : 0) + lambda / 2 * penalty
        }
        func gradient(_ values: [Double]) -> [Double] {
            var result = [Double](repeating: 0, count: values.count)
            guard total > 0 else { return result }
            for index in used {
                let z = slope * (patterns[index].reduce(0) { $0 + values[$1] } - values[last])
                let count = counts[index]
                let g = slope * ((count.harmful + count.clean) * sigmoid(z) - count.harmful) / total
                for rule in patterns[index] where free[rule] { result[rule] += g }
                result[last] -= g
            }
            for rule in 0..<last where free[rule] { result[rule] += lambda * (values[rule] - prior[rule]) }
            return result
        }
        func project(_ values: [Double]) -> [Double] {
            var result = values
            for rule in 0..<last { result[rule] = free[rule] ? min(maximumWeight, max(0, values[rule])) : prior[rule] }
            result[last] = max(0.01, values[last])
            return result
        }

        var step = 1.0
        var current = loss(parameters)
        for _ in 0..<2000 {
            let g = gradient(parameters)
            var next = parameters
            var value = current
            while true {
                next = project(zip(parameters, g).map { $0 - step * $1 })
                value = loss(next)
                var decrease = 0.0
                var distance = 0.0
                for index in parameters.indices {
                    let delta = next[index] - parameters[index]
                    decrease += g[index] * delta
                    distance += delta * delta
                }
                if value <= current + decrease + distance / (2 * step) + 1e-15 || step < 1e-12 { break }
                step /= 2
            }
            let moved = zip(next, parameters).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
            parameters = next
            current = value
            step *= 2
            if moved < 1e-7 { break }
        }

        let weights = (0..<last).map { free[$0] ? (parameters[$0] * PackCalibrator.decimals).rounded() / PackCalibrator.decimals : prior[$0] }
        return chooseThreshold(weights: weights, counts: counts)
    }

    /// The threshold for the objective: the scores of the patterns, highest first, are the
    /// candidates; the chosen one's threshold lies halfway to the next lower score, so a post
    /// scoring between them counts as the closer side's.
    func chooseThreshold(weights: [Double], counts: [PatternCount]) -> CalibrationFit {
        var byScore: [Double: (harmful: Double, clean: Double)] = [:]
        var harmfulTotal = 0.0
        for index in patterns.indices {
            harmfulTotal += counts[index].harmful
            let score = patterns[index].reduce(0) { $0 + weights[$1] }
            guard score > 0, counts[index].harmful + counts[index].clean > 0 else { continue }
            let key = (score * PackCalibrator.decimals).rounded() / PackCalibrator.decimals
            byScore[key, default: (0, 0)].harmful += counts[index].harmful
            byScore[key, default: (0, 0)].clean += counts[index].clean
        }
        let scores = byScore.keys.sorted(by: >)
        var best: (index: Int, key: [Double])? = nil
        var reached = false
        var truePositives = 0.0
        var falsePositives = 0.0
        for (index, score) in scores.enumerated() {
            truePositives += byScore[score]!.harmful
            falsePositives += byScore[score]!.clean
            let precision = truePositives + falsePositives == 0 ? 0 : truePositives / (truePositives + falsePositives)
            let key: [Double]
            var meets = true
            switch objective {
            case .f1:
                key = [2 * truePositives / (truePositives + falsePositives + harmfulTotal), precision]
            case .targetPrecision(let target):
                meets = precision >= target - 1e-12
                key = meets ? [1, truePositives, precision] : [0, precision, truePositives]
            }
            // Strictly better only: on a tie the higher threshold (fewer posts flagged) stays.
            if best == nil || best!.key.lexicographicallyPrecedes(key) {
                best = (index, key)
                reached = meets
            }
        }
        guard let best else {
            return CalibrationFit(weights: weights, threshold: threshold, targetReached: false)
        }
        let chosen = scores[best.index]
        let lower = best.index + 1 < scores.count ? scores[best.index + 1] : 0
        var cut = ((chosen + lower) / 2 * PackCalibrator.decimals).rounded() / PackCalibrator.decimals
        if cut <= lower + 1e-9 || cut > chosen { cut = chosen }
        return CalibrationFit(weights: weights, threshold: cut, targetReached: reached)
    }
}

private func sigmoid(_ z: Double) -> Double {
    z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
}

/// log(1 + eᶻ) without overflow.
private func softplus(_ z: Double) -> Double {
    max(z, 0) + log1p(exp(-abs(z)))
}

/// A small seeded generator (SplitMix64): the same posts always fall into the same folds,
/// and the tests' random inputs are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Fisher–Yates, written out so that the order never depends on the standard library's
    /// shuffling algorithm.
    mutating func shuffle(_ values: inout [Int]) {
        guard values.count > 1 else { return }
        for index in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(index, Int(next() % UInt64(index + 1)))
        }
    }
}
