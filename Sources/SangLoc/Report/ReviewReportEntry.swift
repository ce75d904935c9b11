import Foundation

/// One screened post as the review report shows it: a table row, rendered once (by the worker
/// that screened the post) so the report keeps only finished rows in memory.
public struct ReviewReportEntry: Sendable {
    /// Texts longer than this many Unicode scalars collapse behind an expander.
    static let collapseLength = 600
    /// Scalars shown while a long text is collapsed.
    static let previewLength = 280

    /// The post's verdict.
    public let verdict: Verdict
    /// Categories that voted for the verdict (empty for a post without a signal).
    public let categories: [String]
    /// The day the post was published (days since 1970-01-01 UTC), when known.
    public let day: Int?
    /// The `<tr>` of the post in the table.
    let rowHTML: String

    /// Renders the row of `post`: id and source, verdict and score, categories, the original text
    /// with every matched span marked, and the rules that fired.
    public init(post: Post, screening: Screening, source: SourcePosition?) {
        verdict = screening.verdict
        categories = screening.categories
        day = post.postedAt.map { Int(($0.timeIntervalSince1970 / 86_400).rounded(.down)) }
        rowHTML = Self.row(post: post, screening: screening, source: source, categories: categories)
    }

    /// The position of the post in its input: `file:line`, `file#index`, or the file alone.
    static func position(_ source: SourcePosition) -> String {
        if let line = source.line { return "\(source.file):\(line)" }
        if let index = source.index { return "\(source.file)#\(index)" }
        return source.file
    }

    private static func row(post: Post, screening: Screening, source: SourcePosition?, categories: [String]) -> String {
        let verdict = screening.verdict.rawValue
        var html = "<tr class=\"v-\(verdict)\" data-verdict=\"\(verdict)\" data-categories=\""
        HTMLText.appendEscaped(categories.joined(separator: " "), to: &html)
        html += "\">"

        html += "<td class=\"post\"><div class=\"id\">"
        HTMLText.appendEscaped(post.id, to: &html)
        html += "</div>"
        if let source {
            html += "<div class=\"src\" title=\""
            HTMLText.appendEscaped(position(source), to: &html)
            html += "\">"
            let file = source.file.split(separator: "/").last.map(String.init) ?? source.file
            HTMLText.appendEscaped(position(SourcePosition(file: file, line: source.line, index: source.index)), to: &html)
            html += "</div>"
        }
        if let postedAt = post.postedAt {
            html += "<div class=\"when\">" + ReviewReport.timestamp(postedAt) + "</div>"
        }
        html += "</td>"

        html += "<td class=\"verdict\"><span class=\"badge v-\(verdict)\">\(verdict)</span>"
        html += "<div class=\"score\">score " + JSONWriter.format(screening.score) + "</div></td>"

        html += "<td class=\"cats\">"
        for category in categories {
            html += "<span class=\"cat\">"
            HTMLText.appendEscaped(category, to: &html)
            html += "</span>"
        }
        html += "</td>"

        let text = HighlightedText(text: post.text, hits: screening.hits)
        html += "<td class=\"text\">"
        if text.count > collapseLength {
            html += "<details class=\"long\"><summary><span class=\"preview\">" + text.html(limit: previewLength)
            html += "…</span><span class=\"more\">show all \(HTMLText.count(text.count)) characters</span>"
            html += "<span class=\"less\">show less</span></summary><div class=\"full\">" + text.html() + "</div></details>"
        } else {
            html += "<div class=\"full\">" + text.html() + "</div>"
        }
        if !post.links.isEmpty {
            html += "<div class=\"links\">"
            for link in post.links {
                html += "<span class=\"link\">"
                HTMLText.appendEscaped(link, to: &html)
                html += "</span>"
            }
            html += "</div>"
        }
        html += "</td>"

        html += "<td class=\"rules\">"
        for hit in screening.hits {
            var tiers: [Tier] = []
            for match in hit.matches where !tiers.contains(match.tier) { tiers.append(match.tier) }
            html += "<div class=\"rule v-\(hit.verdict.voteName)\"><code>"
            HTMLText.appendEscaped(hit.rule, to: &html)
            html += "</code> <span class=\"weight\">" + JSONWriter.format(hit.weight) + "</span>"
            if !tiers.isEmpty { html += " <span class=\"tiers\">" + tiers.map(\.rawValue).joined(separator: ", ") + "</span>" }
            if hit.matches.contains(where: { $0.field != nil }) { html += " <span class=\"tiers\">link</span>" }
            html += "</div>"
        }
        for failure in screening.failures {
            html += "<div class=\"rule failed\" title=\""
            HTMLText.appendEscaped(failure.message, to: &html)
            html += "\"><code>"
            HTMLText.appendEscaped(failure.rule, to: &html)
            html += "</code> failed</div>"
        }
        html += "</td></tr>\n"
        return html
    }
}

/// The report rows of one chunk of a batch, rendered by the worker that screens the chunk and
/// added to the ``ReviewReport`` in input order by the batch.
struct ReviewReportRows: RecordWriter {
    /// The verdicts the report lists (``ReviewReport/listedVerdicts``).
    let verdicts: Set<Verdict>
    private(set) var entries: [ReviewReportEntry] = []

    init(verdicts: Set<Verdict>) { self.verdicts = verdicts }

    mutating func add(post: Post, screening: Screening, source: SourcePosition?, flags: InputFlags) {
        if verdicts.contains(screening.verdict) {
            entries.append(ReviewReportEntry(post: post, screening: screening, source: source))
        }
    }

    mutating func add(error: InputError, source: SourcePosition) {}
}
