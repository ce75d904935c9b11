import Foundation

/// Output records as RFC 4180 CSV rows, for `sangloc screen --output-format csv`.
///
/// Columns: `id,verdict,score,basis,categories,hits,source,error` (then `text` with
/// `--include-text`). One row per input record, lines end with `\r\n` as RFC 4180 says.
/// - `categories`: categories of the hits that voted for the verdict, joined by `;`.
/// - `hits`: one item per match, `rule:tier:start-end` (Unicode scalar offsets in the text as
///   read), joined by `;`; a link given beside the text is `rule:tier:links`, and a rule that
///   fired without a span (an author or time condition) is just `rule`.
/// - `source`: `file:line` for line-oriented input, `file#index` for a Facebook export entry.
/// - `error`: empty for a screened post; for an unreadable record, the message, and only `id`
///   (when it could be read) and `source` are filled.
/// A field is quoted when it holds a comma, a quote, a carriage return or a line feed, and
/// quotes inside are doubled.
public enum CSVRecordWriter {
    /// The header row, ending with `\r\n`.
    public static func header(includeText: Bool) -> String {
        "id,verdict,score,basis,categories,hits,source,error" + (includeText ? ",text" : "") + "\r\n"
    }

    /// The row of a screened post, ending with `\r\n`.
    public static func row(id: String, screening: Screening, source: SourcePosition?, text: String? = nil) -> String {
        var hits: [String] = []
        for hit in screening.hits {
            if hit.matches.isEmpty { hits.append(hit.rule) }
            for match in hit.matches {
                let place = match.field ?? "\(match.range.lowerBound)-\(match.range.upperBound)"
                hits.append("\(hit.rule):\(match.tier.rawValue):\(place)")
            }
        }
        var fields = [
            id, screening.verdict.rawValue, JSONWriter.format(screening.score), screening.basis.rawValue,
            screening.categories.joined(separator: ";"), hits.joined(separator: ";"), source.map(describe) ?? "", "",
        ]
        if let text { fields.append(text) }
        return line(fields)
    }

    /// The row of a record that could not be read, ending with `\r\n`.
    public static func errorRow(_ error: InputError, source: SourcePosition, includeText: Bool) -> String {
        var fields = [error.id ?? "", "", "", "", "", "", describe(source), error.message]
        if includeText { fields.append("") }
        return line(fields)
    }

    /// `file:line`, `file#index` or `file`.
    static func describe(_ source: SourcePosition) -> String {
        if let line = source.line { return "\(source.file):\(line)" }
        if let index = source.index { return "\(source.file)#\(index)" }
        return source.file
    }

    static func line(_ fields: [String]) -> String {
        var out = ""
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(",") }
            out.append(quoted(field))
        }
        out.append("\r\n")
        return out
    }

    /// The field as RFC 4180 writes it: quoted when it holds `,`, `"`, CR or LF.
    public static func quoted(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
