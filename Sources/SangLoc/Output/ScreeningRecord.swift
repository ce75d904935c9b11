/// The output record of docs/design.md §6, one per input record, as one line of JSON.
///
/// Keys in contract order: `id`, `verdict`, `score`, `basis`, `hits` (`rule`, `category`,
/// `verdict`, `weight`, `matches` (`start`, `end`, `text`, `tier`)), `source`. Extensions come
/// after and only when present: `failures`, `repairs`, `text` (with `--include-text`).
public enum ScreeningRecord {
    /// The record of a screened post as one line of JSON (without the line feed).
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
        json.literalField("id", id)
        json.literalField("verdict", screening.verdict.rawValue)
        json.literalField("score", screening.score)
        json.literalField("basis", screening.basis.rawValue)
        json.literalKey("hits")
        writeHits(screening.hits, to: &json)
        if let source { writeSource(source, to: &json) }
        if !screening.failures.isEmpty {
            json.literalKey("failures")
            json.beginArray()
            for failure in screening.failures {
                json.beginObject()
                json.literalField("rule", failure.rule)
                json.literalField("message", failure.message)
                json.endObject()
            }
            json.endArray()
        }
        if !repairs.isEmpty {
            json.literalKey("repairs")
            json.beginArray()
            for repair in repairs { json.string(repair) }
            json.endArray()
        }
        if let text { json.literalField("text", text) }
        json.endObject()
    }

    /// The record of an input record that could not be read: `{"id"?, "error", "hits": [],
    /// "source"}` (`hits` always, empty, so that tools can flatten every record's hits).
    public static func errorJSON(_ error: InputError, source: SourcePosition) -> String {
        var json = JSONWriter()
        writeError(error, source: source, to: &json)
        return json.output
    }

    /// Writes the record of an input record that could not be read to `json` (without the
    /// line feed that ends it).
    public static func writeError(_ error: InputError, source: SourcePosition, to json: inout JSONWriter) {
        json.beginObject()
        if let id = error.id { json.literalField("id", id) }
        json.literalField("error", error.message)
        json.literalKey("hits")
        json.beginArray()
        json.endArray()
        writeSource(source, to: &json)
        json.endObject()
    }

    /// `[{"rule", "category", "verdict", "weight", "matches": [{"start", "end", "text", "tier", "field"?}], "more_matches"?}]`.
    static func writeHits(_ hits: [RuleHit], to json: inout JSONWriter) {
        json.beginArray()
        for hit in hits {
            json.beginHit(rule: hit.rule, category: hit.category, verdict: hit.verdict.voteName, weight: hit.weight)
            for match in hit.matches {
                if match.field == nil,
                   json.matchObject(start: match.range.lowerBound, end: match.range.upperBound, text: match.text, tier: match.tier.name)
                { continue }
                json.beginObject()
                json.literalField("start", match.range.lowerBound)
                json.literalField("end", match.range.upperBound)
                json.literalField("text", match.text)
                json.literalField("tier", match.tier.rawValue)
                if let field = match.field { json.literalField("field", field) }
                json.endObject()
            }
            json.endArray()
            if hit.moreMatches > 0 { json.literalField("more_matches", hit.moreMatches) }
            json.endObject()
        }
        json.endArray()
    }

    private static func writeSource(_ source: SourcePosition, to json: inout JSONWriter) {
        json.literalKey("source")
        json.beginObject()
        json.literalField("file", source.file)
        if let line = source.line { json.literalField("line", line) }
        if let index = source.index { json.literalField("index", index) }
        json.endObject()
    }
}

extension Tier {
    /// `rawValue` as a literal, for writers that copy it without a `String`.
    var name: StaticString {
        switch self {
        case .exact: "exact"
        case .deobfuscated: "deobfuscated"
        case .folded: "folded"
        case .stripped: "stripped"
        case .teencode: "teencode"
        }
    }
}
