/// Renders a `NormalizedText` for `sangloc normalize`, as JSON or as a readable report.
public enum NormalizedTextJSON {
    /// `{"canonical", "bare", "tokens": [{"kind", "text", "canonical", "bare", "start", "end",
    /// "diacritics", "alternatives"}]}` with `start`/`end` in Unicode scalars of the input.
    public static func render(_ text: NormalizedText) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.field("canonical", text.canonical)
        json.field("bare", text.bare)
        json.key("tokens")
        json.beginArray()
        for token in text.tokens {
            json.beginObject()
            json.field("kind", token.kind.rawValue)
            json.field("text", text.originalText(of: token))
            json.field("canonical", token.canonical)
            json.field("bare", token.bare)
            json.field("start", token.scalarRange.lowerBound)
            json.field("end", token.scalarRange.upperBound)
            json.field("diacritics", token.hasDiacritics)
            json.key("alternatives")
            json.beginArray()
            for alternative in token.alternatives { json.string(alternative.text) }
            json.endArray()
            if token.flags.contains(.deobfuscated) { json.field("deobfuscated", true) }
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.output
    }
}

/// The human-readable layers and tokens of a normalized text, for `sangloc normalize`.
public enum NormalizedTextReport {
    /// Each layer, then one line per token: span, kind, original text → canonical (bare) and flags.
    public static func render(_ text: NormalizedText) -> String {
        var lines = ["original:  \(text.original)", "canonical: \(text.canonical)", "bare:      \(text.bare)"]
        if !text.flags.isEmpty { lines.append("repairs:   \(describe(text.flags))") }
        lines.append("tokens:")
        for token in text.tokens {
            var line = "  \(token.scalarRange.lowerBound)..<\(token.scalarRange.upperBound)  \(token.kind)  \"\(text.originalText(of: token))\" → \(token.canonical)"
            if token.bare != token.canonical { line += "  (bare \(token.bare))" }
            if !token.alternatives.isEmpty { line += "  or " + token.alternatives.map(\.text).joined(separator: " | ") }
            let notes = describe(token.flags)
            if !notes.isEmpty { line += "  [\(notes)]" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    private static func describe(_ flags: NormalizedText.Flags) -> String {
        var parts: [String] = []
        if flags.contains(.invalidUTF8Repaired) { parts.append("invalid UTF-8 replaced") }
        if flags.contains(.mojibakeRepaired) { parts.append("mojibake repaired") }
        if flags.contains(.legacyEncodingRepaired) { parts.append("legacy encoding decoded") }
        if flags.contains(.viqrDecoded) { parts.append("VIQR decoded") }
        return parts.joined(separator: ", ")
    }

    private static func describe(_ flags: Token.Flags) -> String {
        let names: [(Token.Flags, String)] = [
            (.diacritics, "diacritics"), (.joinedLetters, "split letters joined"), (.splitGlued, "glued syllables split"),
            (.lookalike, "look-alikes"), (.leet, "leet"), (.squeezed, "repeats squeezed"), (.legacyDecoded, "legacy"),
        ]
        return names.filter { flags.contains($0.0) }.map(\.1).joined(separator: ", ")
    }
}
