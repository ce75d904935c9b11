/// The human-readable report of one screened post, for `sangloc check`.
public enum ScreeningReport {
    /// How matched spans are marked.
    public enum Style: Sendable {
        /// `[span]` brackets, for pipes and files.
        case plain
        /// ANSI colours (bold red for harmful evidence, yellow for unverified, green for verified).
        case ansi
    }

    /// The verdict line, the text with matches marked in `style`, then one line per hit and per failure.
    public static func render(text: String, screening: Screening, style: Style) -> String {
        var lines: [String] = []
        let verdict = screening.verdict.rawValue.uppercased()
        lines.append("\(colour(verdict, for: screening.verdict, style: style))  score \(JSONWriter.format(screening.score)) (\(screening.basis.rawValue))")
        lines.append(highlight(text, screening: screening, style: style))
        if screening.hits.isEmpty {
            lines.append("no rule fired")
        }
        for hit in screening.hits {
            let spans = hit.matches.map { match in
                match.field == "links" ? "link \(match.text)" : "\"\(match.text)\" \(match.range.lowerBound)..<\(match.range.upperBound) \(match.tier)"
            }
            var line = "  \(hit.rule) [\(hit.category)] votes \(hit.verdict.voteName) +\(JSONWriter.format(hit.weight))"
            if !spans.isEmpty { line += ": " + spans.joined(separator: ", ") }
            lines.append(line)
        }
        for failure in screening.failures { lines.append("  ! \(failure.rule): \(failure.message)") }
        return lines.joined(separator: "\n")
    }

    private static func colour(_ s: String, for verdict: Verdict, style: Style) -> String {
        guard style == .ansi else { return s }
        let code = switch verdict {
        case .harmful: "1;31"
        case .unverified: "1;33"
        case .verified: "1;32"
        }
        return "\u{1B}[\(code)m\(s)\u{1B}[0m"
    }

    /// ANSI colour of a span: red harmful, yellow unverified, green verified, cyan report-only.
    private static func spanColour(_ vote: Verdict?) -> String {
        switch vote {
        case .harmful: "31"
        case .unverified: "33"
        case .verified: "32"
        case nil: "36"
        }
    }

    /// The text with every matched span marked; overlapping spans are merged.
    static func highlight(_ text: String, screening: Screening, style: Style) -> String {
        var spans: [(Range<Int>, Verdict?)] = []
        for hit in screening.hits {
            for match in hit.matches where match.field == nil && !match.range.isEmpty { spans.append((match.range, hit.verdict)) }
        }
        spans.sort { $0.0.lowerBound < $1.0.lowerBound }
        var merged: [(Range<Int>, Verdict?)] = []
        for span in spans {
            if let last = merged.last, span.0.lowerBound <= last.0.upperBound {
                merged[merged.count - 1].0 = last.0.lowerBound..<max(last.0.upperBound, span.0.upperBound)
            } else {
                merged.append(span)
            }
        }
        var out = String.UnicodeScalarView()
        var k = 0
        var next = 0
        for scalar in text.unicodeScalars {
            if next < merged.count, merged[next].0.lowerBound == k {
                out.append(contentsOf: (style == .ansi ? "\u{1B}[4;\(Self.spanColour(merged[next].1))m" : "[").unicodeScalars)
            }
            out.append(scalar)
            k += 1
            if next < merged.count, merged[next].0.upperBound == k {
                out.append(contentsOf: (style == .ansi ? "\u{1B}[0m" : "]").unicodeScalars)
                next += 1
            }
        }
        return String(out)
    }
}
