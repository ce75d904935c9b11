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
public struct CSVRecordWriter: RecordWriter, ChunkRecordWriter {
    /// The rows written so far (without the header: ``header(includeText:)``).
    public private(set) var bytes: [UInt8]
    private let includeText: Bool

    /// A writer of rows, with a `text` column when `includeText` is set.
    public init(includeText: Bool = false) {
        self.init(includeText: includeText, reusing: [])
    }

    init(includeText: Bool, reusing buffer: consuming [UInt8]) {
        bytes = buffer
        bytes.removeAll(keepingCapacity: true)
        self.includeText = includeText
    }

    public mutating func add(post: Post, screening: Screening, source: SourcePosition?, flags: InputFlags) {
        Self.appendRow(id: post.id, screening: screening, source: source, text: includeText ? post.text : nil, to: &bytes)
    }

    public mutating func add(error: InputError, source: SourcePosition) {
        Self.appendErrorRow(error, source: source, includeText: includeText, to: &bytes)
    }

    /// The header row, ending with `\r\n`.
    public static func header(includeText: Bool) -> String {
        "id,verdict,score,basis,categories,hits,source,error" + (includeText ? ",text" : "") + "\r\n"
    }

    /// The row of a screened post, ending with `\r\n`.
    public static func row(id: String, screening: Screening, source: SourcePosition?, text: String? = nil) -> String {
        var bytes: [UInt8] = []
        appendRow(id: id, screening: screening, source: source, text: text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the row of a screened post, ending with `\r\n`, to `out`.
    public static func appendRow(
        id: String, screening: Screening, source: SourcePosition?, text: String? = nil, to out: inout [UInt8]
    ) {
        appendField(id, to: &out)
        out.append(comma)
        appendField(screening.verdict.rawValue, to: &out)
        out.append(comma)
        JSONWriter.appendNumber(screening.score, to: &out)
        out.append(comma)
        appendField(screening.basis.rawValue, to: &out)
        out.append(comma)
        appendQuotingIfNeeded(to: &out) { out in
            for (index, category) in screening.categories.enumerated() {
                if index > 0 { out.append(semicolon) }
                out.append(contentsOf: category.utf8)
            }
        }
        out.append(comma)
        appendQuotingIfNeeded(to: &out) { out in
            var first = true
            for hit in screening.hits {
                if hit.matches.isEmpty {
                    if !first { out.append(semicolon) }
                    first = false
                    out.append(contentsOf: hit.rule.utf8)
                }
                for match in hit.matches {
                    if !first { out.append(semicolon) }
                    first = false
                    out.append(contentsOf: hit.rule.utf8)
                    out.append(colon)
                    out.append(contentsOf: match.tier.rawValue.utf8)
                    out.append(colon)
                    if let field = match.field {
                        out.append(contentsOf: field.utf8)
                    } else {
                        JSONWriter.appendInteger(match.range.lowerBound, to: &out)
                        out.append(UInt8(ascii: "-"))
                        JSONWriter.appendInteger(match.range.upperBound, to: &out)
                    }
                }
            }
        }
        out.append(comma)
        if let source { appendQuotingIfNeeded(to: &out) { appendDescription(of: source, to: &$0) } }
        out.append(comma)
        if let text {
            out.append(comma)
            appendField(text, to: &out)
        }
        out.append(contentsOf: lineEnd)
    }

    /// The row of a record that could not be read, ending with `\r\n`.
    public static func errorRow(_ error: InputError, source: SourcePosition, includeText: Bool) -> String {
        var bytes: [UInt8] = []
        appendErrorRow(error, source: source, includeText: includeText, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the row of a record that could not be read, ending with `\r\n`, to `out`.
    public static func appendErrorRow(
        _ error: InputError, source: SourcePosition, includeText: Bool, to out: inout [UInt8]
    ) {
        appendField(error.id ?? "", to: &out)
        out.append(contentsOf: [comma, comma, comma, comma, comma, comma])
        appendQuotingIfNeeded(to: &out) { appendDescription(of: source, to: &$0) }
        out.append(comma)
        appendField(error.message, to: &out)
        if includeText { out.append(comma) }
        out.append(contentsOf: lineEnd)
    }

    /// `file:line`, `file#index` or `file`.
    static func describe(_ source: SourcePosition) -> String {
        var bytes: [UInt8] = []
        appendDescription(of: source, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func appendDescription(of source: SourcePosition, to out: inout [UInt8]) {
        out.append(contentsOf: source.file.utf8)
        if let line = source.line {
            out.append(colon)
            JSONWriter.appendInteger(line, to: &out)
        } else if let index = source.index {
            out.append(UInt8(ascii: "#"))
            JSONWriter.appendInteger(index, to: &out)
        }
    }

    private static let comma = UInt8(ascii: ",")
    private static let semicolon = UInt8(ascii: ";")
    private static let colon = UInt8(ascii: ":")
    private static let lineEnd: [UInt8] = [0x0D, 0x0A]

    /// Whether a byte makes RFC 4180 quote the field: `,`, `"`, CR or LF.
    @inline(__always)
    private static func needsQuoting(_ byte: UInt8) -> Bool {
        byte == 0x2C || byte == 0x22 || byte == 0x0D || byte == 0x0A
    }

    /// Appends one field, quoted when it must be.
    static func appendField(_ field: String, to out: inout [UInt8]) {
        appendQuotingIfNeeded(to: &out) { $0.append(contentsOf: field.utf8) }
    }

    /// Lets `write` append a field's raw bytes, then quotes what it appended when RFC 4180
    /// needs it (rare), doubling the quotes inside.
    private static func appendQuotingIfNeeded(to out: inout [UInt8], _ write: (inout [UInt8]) -> Void) {
        let start = out.count
        write(&out)
        guard out[start...].contains(where: needsQuoting) else { return }
        let raw = Array(out[start...])
        out.removeSubrange(start...)
        out.append(0x22)
        for byte in raw {
            if byte == 0x22 { out.append(0x22) }
            out.append(byte)
        }
        out.append(0x22)
    }

    /// The field as RFC 4180 writes it: quoted when it holds `,`, `"`, CR or LF.
    public static func quoted(_ field: String) -> String {
        var bytes: [UInt8] = []
        appendField(field, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
