import Foundation

extension Evaluation {
    /// The report `sangloc eval` prints: summary, per-verdict scores, confusion matrix, the
    /// first `showErrors` wrong posts with their deciding hits, robustness, folding false positives.
    public func report(file: String, showErrors: Int) -> String {
        var lines: [String] = []
        lines.append("\(file): \(correct)/\(total) posts judged as labelled, accuracy \(Self.percent(accuracy))")
        lines.append("")
        lines.append(Self.row(["verdict", "precision", "recall", "F1", "labelled", "judged"], widths: [12, 10, 8, 8, 9, 7]))
        for verdict in Verdict.allCases {
            let s = scores(for: verdict)
            lines.append(Self.row(
                [verdict.rawValue, Self.percent(s.precision), Self.percent(s.recall), Self.percent(s.f1), "\(s.actual)", "\(s.predicted)"],
                widths: [12, 10, 8, 8, 9, 7]))
        }
        lines.append("")
        lines.append("confusion (rows: labelled, columns: judged)")
        lines.append(Self.row([""] + Verdict.allCases.map(\.rawValue), widths: [12, 10, 11, 9]))
        for expected in Verdict.allCases {
            lines.append(Self.row(
                [expected.rawValue] + Verdict.allCases.map { "\(count(expected: expected, got: $0))" }, widths: [12, 10, 11, 9]))
        }
        lines.append("")
        if errors.isEmpty {
            lines.append("wrong: none")
        } else {
            let shown = errors.prefix(max(0, showErrors))
            let more = errors.count > shown.count ? ", first \(shown.count) shown (--show-errors N)" : ""
            lines.append("wrong: \(errors.count)\(more)")
            for error in shown {
                lines.append("  \(error.id) (line \(error.line)): expected \(error.expected), got \(error.got) (\(error.basis.rawValue))")
                lines.append("    text: \(error.text)")
                if error.decidingHits.isEmpty { lines.append("    no rule fired") }
                for hit in error.decidingHits {
                    let spans = hit.matches.map { "\"\($0.text)\" \($0.tier)" }.joined(separator: ", ")
                    lines.append("    \(hit.rule) votes \(hit.verdict.voteName) +\(JSONWriter.format(hit.weight)): \(spans)")
                }
            }
        }
        lines.append("")
        let tested = robustness.first?.tested ?? 0
        lines.append("robustness: \(tested) harmful posts judged harmful, evidence obfuscated, still harmful:")
        for entry in robustness {
            var line = "  " + Self.row([entry.transform.rawValue, "\(entry.stillHarmful)/\(entry.tested)", Self.percent(entry.share)], widths: [18, 8, 7])
            if !entry.lost.isEmpty { line += "  lost: " + entry.lost.joined(separator: ", ") }
            lines.append(line)
        }
        lines.append("")
        let folded = foldedFalsePositives
        lines.append(
            "diacritics stripped from \(folded.clean) clean posts: harmful \(folded.harmfulBefore) (\(Self.percent(folded.shareBefore)))"
                + " → \(folded.harmfulAfter) (\(Self.percent(folded.shareAfter))), "
                + String(format: "%+.1f pp", folded.increasePercentagePoints))
        if !folded.turnedHarmful.isEmpty { lines.append("  turned harmful: " + folded.turnedHarmful.joined(separator: ", ")) }
        lines.append("")
        lines.append("clean flagged harmful: \(cleanJudgedHarmful)/\(cleanPosts) posts labelled unverified or verified (\(Self.percent(cleanFlaggedHarmful)))")
        if let spans = spanScores {
            lines.append("")
            lines.append(
                "span F1 \(Self.percent(spans.f1)) (mean over \(spans.posts) span-annotated posts); over characters: precision "
                    + "\(Self.percent(spans.precision)), recall \(Self.percent(spans.recall))")
        }
        lines.append("")
        lines.append(contentsOf: rulesReport())
        if spanScores != nil {
            lines.append("")
            lines.append(contentsOf: uncoveredReport(limit: 30))
        }
        return lines.joined(separator: "\n")
    }

    /// The per-rule table: posts by label, precision, the first clean posts hit.
    func rulesReport(shownIDs: Int = 5) -> [String] {
        guard !rules.isEmpty else { return ["rules: none fired"] }
        var lines = ["rules that fired: \(rules.count), most clean posts first"]
        let width = max(4, rules.map(\.rule.count).max() ?? 0)
        let widths = [width, 10, 8, 6, 10]
        lines.append(Self.row(["rule", "verdict", "harmful", "clean", "precision"], widths: widths) + "  clean posts")
        for entry in rules {
            var line = Self.row(
                [entry.rule, entry.verdict.voteName, "\(entry.harmfulPosts)", "\(entry.cleanPosts)", Self.percent(entry.precision)], widths: widths)
            if !entry.cleanIDs.isEmpty {
                line += "  " + entry.cleanIDs.prefix(shownIDs).joined(separator: ", ")
                if entry.cleanIDs.count > shownIDs { line += ", … (\(entry.cleanIDs.count - shownIDs) more)" }
            }
            lines.append(line)
        }
        return lines
    }

    /// The most frequent gold span texts no harmful match overlaps.
    func uncoveredReport(limit: Int) -> [String] {
        guard !uncoveredSpans.isEmpty else { return ["gold spans no harmful match overlaps: none"] }
        let total = uncoveredSpans.reduce(0) { $0 + $1.count }
        let shown = uncoveredSpans.prefix(limit)
        let more = uncoveredSpans.count > shown.count ? ", top \(shown.count) shown" : ""
        var lines = ["gold spans no harmful match overlaps: \(total) (\(uncoveredSpans.count) distinct texts\(more))"]
        for entry in shown { lines.append(String(format: "%7d  ", entry.count) + entry.text) }
        return lines
    }

    private static func percent(_ value: Double?) -> String {
        guard let value else { return "n/a" }
        return String(format: "%.1f%%", value * 100)
    }

    /// Left-aligns the first column, right-aligns the others.
    private static func row(_ cells: [String], widths: [Int]) -> String {
        zip(cells, widths).enumerated().map { index, pair in
            let (cell, width) = pair
            let pad = String(repeating: " ", count: max(0, width - cell.count))
            return index == 0 ? cell + pad : pad + cell
        }.joined(separator: " ")
    }
}
