/// A post's original text with the spans matched by rules marked, for the review report.
///
/// Match ranges count Unicode scalars of the text. Spans that overlap (several rules, or several
/// matches of one rule) are merged into one highlighted run whose title keeps every rule id and
/// tier, so the marks never nest or cross.
struct HighlightedText {
    /// One highlighted run: a scalar range and the rule matches that cover it.
    struct Run: Equatable {
        var range: Range<Int>
        /// `rule · tier` labels, in order of first appearance, without repeats.
        var labels: [String]
        /// Rule ids, in order of first appearance, without repeats.
        var rules: [String]
        /// The strongest verdict among the rules (harmful, then unverified, then verified, then
        /// none for report-only rules).
        var verdict: Verdict?
    }

    let scalars: [Unicode.Scalar]
    let runs: [Run]

    init(text: String, hits: [RuleHit]) {
        scalars = Array(text.unicodeScalars)
        var spans: [(range: Range<Int>, hit: RuleHit, tier: Tier)] = []
        for hit in hits {
            for match in hit.matches where match.field == nil {
                let lower = max(0, match.range.lowerBound)
                let upper = min(scalars.count, match.range.upperBound)
                guard lower < upper else { continue }
                spans.append((lower..<upper, hit, match.tier))
            }
        }
        spans.sort { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        var runs: [Run] = []
        for span in spans {
            let label = "\(span.hit.rule) · \(span.tier.rawValue)"
            if var last = runs.last, span.range.lowerBound < last.range.upperBound {
                last.range = last.range.lowerBound..<max(last.range.upperBound, span.range.upperBound)
                if !last.labels.contains(label) { last.labels.append(label) }
                if !last.rules.contains(span.hit.rule) { last.rules.append(span.hit.rule) }
                if (span.hit.verdict?.strength ?? -1) > (last.verdict?.strength ?? -1) { last.verdict = span.hit.verdict }
                runs[runs.count - 1] = last
            } else {
                runs.append(Run(range: span.range, labels: [label], rules: [span.hit.rule], verdict: span.hit.verdict))
            }
        }
        self.runs = runs
    }

    /// Length of the text in Unicode scalars.
    var count: Int { scalars.count }

    /// The text as escaped HTML with each run in a `<mark>`, up to `limit` scalars.
    func html(limit: Int? = nil) -> String {
        let end = min(limit ?? scalars.count, scalars.count)
        var output = ""
        output.reserveCapacity(end + runs.count * 80)
        var position = 0
        for run in runs where run.range.lowerBound < end {
            appendText(position..<run.range.lowerBound, to: &output)
            output += "<mark class=\"v-\(run.verdict.voteName)\" title=\""
            HTMLText.appendEscaped(run.labels.joined(separator: "\n"), to: &output)
            output += "\" data-rules=\""
            HTMLText.appendEscaped(run.rules.joined(separator: " "), to: &output)
            output += "\">"
            let runEnd = min(run.range.upperBound, end)
            appendText(run.range.lowerBound..<runEnd, to: &output)
            output += "</mark>"
            position = runEnd
        }
        appendText(position..<end, to: &output)
        return output
    }

    private func appendText(_ range: Range<Int>, to output: inout String) {
        guard !range.isEmpty else { return }
        var piece = String.UnicodeScalarView()
        piece.append(contentsOf: scalars[range])
        HTMLText.appendEscaped(String(piece), to: &output)
    }
}

extension Verdict {
    /// Harmful 2, unverified 1, verified 0: which colour wins when spans of several verdicts merge.
    var strength: Int {
        switch self {
        case .harmful: 2
        case .unverified: 1
        case .verified: 0
        }
    }
}
