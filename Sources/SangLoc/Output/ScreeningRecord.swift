/// The output record of DESIGN.md §6, one per input record, as one line of JSON.
///
/// Keys in contract order: `id`, `verdict`, `score`, `basis`, `hits` (`rule`, `category`,
/// `verdict`, `weight`, `matches` (`start`, `end`, `text`, `tier`)), `source`. Extensions come
/// after and only when present: `failures`, `repairs`, `text` (with `--include-text`).
public enum ScreeningRecord {
    public static func json(
        id: String, screening: Screening, source: SourcePosition?, repairs: [String] = [], text: String? = nil
    ) -> String {
        var json = JSONWriter()
        write(id: id, screening: screening, source: source, repairs: repairs, text: text, to: &json)
        return json.output
    }

    /// Writes the record of a screened post to `json` (without the line feed that ends it).
    public static func write(
        id: String, screening: Screening, source: SourcePosition?, repairs: [String] = [], text: String? = nil,
        to json: inout JSONWriter
    ) {
        json.beginObject()
        json.field("id", id)
        json.field("verdict", screening.verdict.rawValue)
        json.field("score", screening.score)
        json.field("basis", screening.basis.rawValue)
        json.key("hits")
        writeHits(screening.hits, to: &json)
        if let source { writeSource(source, to: &json) }
        if !screening.failures.isEmpty {
            json.key("failures")
            json.beginArray()
            for failure in screening.failures {
                json.beginObject()
                json.field("rule", failure.rule)
                json.field("message", failure.message)
                json.endObject()
            }
            json.endArray()
        }
        if !repairs.isEmpty {
            json.key("repairs")
            json.beginArray()
            for repair in repairs { json.string(repair) }
            json.endArray()
        }
        if let text { json.field("text", text) }
        json.endObject()
    }

    /// The record of an input record that could not be read: `{"id"?, "error", "source"}`.
    public static func errorJSON(_ error: InputError, source: SourcePosition) -> String {
        var json = JSONWriter()
        writeError(error, source: source, to: &json)
        return json.output
    }

    /// Writes the record of an input record that could not be read to `json` (without the
    /// line feed that ends it).
    public static func writeError(_ error: InputError, source: SourcePosition, to json: inout JSONWriter) {
        json.beginObject()
        if let id = error.id { json.field("id", id) }
        json.field("error", error.message)
        writeSource(source, to: &json)
        json.endObject()
    }

    /// `[{"rule", "category", "verdict", "weight", "matches": [{"start", "end", "text", "tier", "field"?}]}]`.
    static func writeHits(_ hits: [RuleHit], to json: inout JSONWriter) {
        json.beginArray()
        for hit in hits {
            json.beginObject()
            json.field("rule", hit.rule)
            json.field("category", hit.category)
            json.field("verdict", hit.verdict.rawValue)
            json.field("weight", hit.weight)
            json.key("matches")
            json.beginArray()
            for match in hit.matches {
                json.beginObject()
                json.field("start", match.range.lowerBound)
                json.field("end", match.range.upperBound)
                json.field("text", match.text)
                json.field("tier", match.tier.rawValue)
                if let field = match.field { json.field("field", field) }
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
    }

    private static func writeSource(_ source: SourcePosition, to json: inout JSONWriter) {
        json.key("source")
        json.beginObject()
        json.field("file", source.file)
        if let line = source.line { json.field("line", line) }
        if let index = source.index { json.field("index", index) }
        json.endObject()
    }
}
