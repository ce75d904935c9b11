import Foundation

extension Calibration {
    /// The overlay pack: the harmful threshold and the changed weights, each change commented
    /// with the rule's hit counts; rules kept for too few hits are listed in comments. Load it
    /// after the calibrated pack: `--rules default --rules OVERLAY.yaml` (docs/rule-packs.md,
    /// "Overrides"). `base` names the calibrated packs as given on the command line.
    public func overlay(files: [String], base: [String]) -> String {
        let rulesOptions = base.map { "--rules \($0)" }.joined(separator: " ")
        var lines = [
            "# Calibrated by `sangloc rules calibrate` from \(files.joined(separator: ", ")): \(posts) posts, "
                + "\(harmfulPosts) harmful, \(posts - harmfulPosts) clean.",
            "# Calibrates \(packName) \(packVersion); use: sangloc screen POSTS \(rulesOptions) --rules THIS.yaml",
            "# Objective: \(objectiveDescription). Harmful, \(folds)-fold cross-validated (held-out folds):",
            "#   before: \(Self.describe(before))",
            "#   after:  \(Self.describe(after))",
            "# Only weights and the harmful threshold change; each override says on how many posts its rule fired.",
            "pack: \(Self.yamlScalar(packName + "-calibrated"))",
            "version: \(Self.yamlScalar(packVersion))",
            "description: \(Self.yamlScalar("Weights and harmful threshold of \(packName) calibrated on \(files.joined(separator: ", "))"))",
            "policy:",
            "  # harmful threshold: \(Self.number(policy.harmful)) → \(Self.number(threshold))",
            "  thresholds: { harmful: \(Self.number(threshold)), unverified: \(Self.number(policy.unverified)), "
                + "verified: \(Self.number(policy.verified)) }",
            "  default: \(policy.defaultVerdict.rawValue)",
            "  below_threshold: \(policy.belowThreshold.rawValue)",
        ]
        let changed = changedRules
        if !changed.isEmpty {
            lines.append("overrides:")
            for rule in changed {
                let from = rule.verdict == nil ? "report-only" : "weight \(Self.number(rule.weight))"
                let to = rule.verdict == nil ? "harmful, weight \(Self.number(rule.newWeight))" : Self.number(rule.newWeight)
                lines.append("  # \(Self.hitCounts(rule)); \(from) → \(to)")
                let verdict = rule.newVerdict != rule.verdict ? "verdict: \(rule.newVerdict.voteName), " : ""
                lines.append("  \(Self.yamlScalar(rule.rule)): { \(verdict)weight: \(Self.number(rule.newWeight)) }")
            }
        }
        let kept = keptRules
        if !kept.isEmpty {
            lines.append("# Kept, fired on fewer than \(minimumHits) posts:")
            for rule in kept { lines.append("#   \(rule.rule): \(Self.hitCounts(rule))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report `sangloc rules calibrate` prints: figures before and after on held-out folds,
    /// the threshold, then every changed rule and the rules kept for too few hits.
    public func report(files: [String]) -> String {
        var lines = [
            "Calibrated \(packName) \(packVersion) on \(files.joined(separator: ", ")): \(posts) posts, \(harmfulPosts) harmful, "
                + "\(posts - harmfulPosts) clean",
            "Objective: \(objectiveDescription); \(folds)-fold cross-validation",
            "",
            "Harmful, on held-out folds   precision  recall   F1",
            "  before (pack as it is)     " + Self.columns(before),
            "  after (calibrated)         " + Self.columns(after),
            "  after, on the fitted posts " + Self.columns(fitted) + "  (not held out: optimistic)",
            "  F1 per fold: " + foldScores.map { $0.f1.map { String(format: "%.3f", $0) } ?? "-" }.joined(separator: ", "),
        ]
        if case .targetPrecision(let target) = objective, !targetReached {
            lines.append("  warning: no threshold reaches precision \(Self.number(target)) on these posts; the most precise one was taken")
        }
        lines += [
            "",
            "Harmful threshold: \(Self.number(policy.harmful)) → \(Self.number(threshold))",
            "",
            "Rules changed (\(changedRules.count) of \(rules.filter(\.calibrated).count) calibrated):",
        ]
        let width = rules.map(\.rule.count).max() ?? 0
        for rule in changedRules {
            let from = rule.verdict == nil ? "none" : Self.number(rule.weight)
            let to = rule.newVerdict == nil ? "none" : Self.number(rule.newWeight)
            lines.append("  " + rule.rule.padding(toLength: width, withPad: " ", startingAt: 0) + "  \(from) → \(to)  (\(Self.hitCounts(rule)))")
        }
        let kept = keptRules
        lines.append("")
        lines.append("Kept, fired on fewer than \(minimumHits) posts (\(kept.count)):")
        for rule in kept { lines.append("  " + rule.rule.padding(toLength: width, withPad: " ", startingAt: 0) + "  \(Self.hitCounts(rule))") }
        return lines.joined(separator: "\n")
    }

    /// The calibration as one JSON object; keys in this order: `files`, `pack`, `version`,
    /// `posts`, `harmful_posts`, `clean_posts`, `objective` {`kind` (`f1`|`target_precision`),
    /// `target`}, `folds`, `target_reached`, `before`, `after`, `fitted` ({`precision`,
    /// `recall`, `f1`, `true_positives`, `false_positives`, `false_negatives`,
    /// `true_negatives`}), `folds_f1`, `threshold` {`before`, `after`}, `rules` [{`rule`,
    /// `category`, `verdict`, `weight`, `harmful`, `clean`, `calibrated`, `new_verdict`,
    /// `new_weight`}] (pack order).
    public func json(files: [String]) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.key("files")
        json.beginArray()
        for file in files { json.string(file) }
        json.endArray()
        json.field("pack", packName)
        json.field("version", packVersion)
        json.field("posts", posts)
        json.field("harmful_posts", harmfulPosts)
        json.field("clean_posts", posts - harmfulPosts)
        json.key("objective")
        json.beginObject()
        switch objective {
        case .f1:
            json.field("kind", "f1")
            json.key("target")
            json.null()
        case .targetPrecision(let target):
            json.field("kind", "target_precision")
            json.field("target", target)
        }
        json.endObject()
        json.field("folds", folds)
        json.field("target_reached", targetReached)
        for (name, scores) in [("before", before), ("after", after), ("fitted", fitted)] {
            json.key(name)
            Self.write(scores, to: &json)
        }
        json.key("folds_f1")
        json.beginArray()
        for scores in foldScores { json.numberOrNull(scores.f1) }
        json.endArray()
        json.key("threshold")
        json.beginObject()
        json.field("before", policy.harmful)
        json.field("after", threshold)
        json.endObject()
        json.key("rules")
        json.beginArray()
        for rule in rules {
            json.beginObject()
            json.field("rule", rule.rule)
            json.field("category", rule.category)
            json.field("verdict", rule.verdict.voteName)
            json.field("weight", rule.weight)
            json.field("harmful", rule.harmfulPosts)
            json.field("clean", rule.cleanPosts)
            json.field("calibrated", rule.calibrated)
            json.field("new_verdict", rule.newVerdict.voteName)
            json.field("new_weight", rule.newWeight)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.output
    }

    var objectiveDescription: String {
        switch objective {
        case .f1: "highest harmful F1"
        case .targetPrecision(let target): "highest harmful recall at precision ≥ \(Self.number(target))"
        }
    }

    private static func write(_ scores: HarmfulScores, to json: inout JSONWriter) {
        json.beginObject()
        json.key("precision")
        json.numberOrNull(scores.precision)
        json.key("recall")
        json.numberOrNull(scores.recall)
        json.key("f1")
        json.numberOrNull(scores.f1)
        json.field("true_positives", scores.truePositives)
        json.field("false_positives", scores.falsePositives)
        json.field("false_negatives", scores.falseNegatives)
        json.field("true_negatives", scores.trueNegatives)
        json.endObject()
    }

    static func hitCounts(_ rule: RuleCalibration) -> String {
        "fired on \(rule.posts) post\(rule.posts == 1 ? "" : "s") (\(rule.harmfulPosts) harmful, \(rule.cleanPosts) clean)"
    }

    static func describe(_ scores: HarmfulScores) -> String {
        "precision \(fraction(scores.precision)), recall \(fraction(scores.recall)), F1 \(fraction(scores.f1))"
    }

    static func columns(_ scores: HarmfulScores) -> String {
        [scores.precision, scores.recall, scores.f1].map { fraction($0).padding(toLength: 9, withPad: " ", startingAt: 0) }
            .joined().trimmingCharacters(in: .whitespaces)
    }

    static func fraction(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "-" }

    /// A weight or threshold as the overlay writes it: at most 3 decimals, no trailing zeros.
    static func number(_ value: Double) -> String { JSONWriter.format((value * 1000).rounded() / 1000) }

    /// A plain scalar when it is safe in YAML, else a double-quoted one (JSON's escapes are YAML's).
    static func yamlScalar(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || "._-+".unicodeScalars.contains(scalar)
        } && text.first?.isLetter == true
        if plain { return text }
        var json = JSONWriter()
        json.string(text)
        return json.output
    }
}
