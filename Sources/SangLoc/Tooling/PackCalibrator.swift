import Dispatch
import Synchronization

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
    /// The screener of the pack to calibrate.
    public let screener: Screener
    /// The operating point to choose the threshold for.
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

    /// A calibrator of `screener`'s pack; the other parameters set the properties of the same names.
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
