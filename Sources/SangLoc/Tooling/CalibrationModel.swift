import Foundation

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
