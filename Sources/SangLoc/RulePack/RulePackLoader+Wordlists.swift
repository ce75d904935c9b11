/// Wordlist files: UTF-8, one term per line.
///
/// - Blank lines are ignored; white space around a term is trimmed.
/// - `#` at the start of a line (after white space) makes the line a comment, and `#` after
///   white space starts a trailing comment (`lừa đảo  # common`). A `#` glued to a term
///   (`c#`) is part of it; `\#` writes a literal `#` anywhere (`\#cờbạc` for a hashtag).
/// - Terms are kept in the normalization form they were written in; VietText normalizes them.
extension PackLoadSession {
    /// Reads the wordlist at `path` (written as `writtenAs` at `requester`) into terms.
    mutating func readWordlist(path: String, writtenAs: String, at requester: SourceLocation) throws(RulePackError) -> [Term] {
        let text = try readText(path: path, what: "wordlist", displayName: writtenAs, at: requester)
        let terms = try Self.parseWordlist(text, file: path)
        if terms.isEmpty {
            throw RulePackError("wordlist '\(writtenAs)' has no terms", at: requester,
                                hint: "write one term per line in \(path)")
        }
        return terms
    }

    /// Splits a wordlist's text into terms located at their file, line and column.
    static func parseWordlist(_ text: String, file: String) throws(RulePackError) -> [Term] {
        var terms: [Term] = []
        var lineNumber = 0
        // Split bytes, not characters: "\r\n" is one Character and would never equal "\n".
        // Each line is a view into `text` (no copy).
        for rawLine in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = text[rawLine.startIndex..<rawLine.endIndex].unicodeScalars
            if line.last == "\r" { line.removeLast() }
            guard let (term, column) = termInLine(line) else { continue }
            terms.append(Term(term, location: SourceLocation(file: file, line: lineNumber, column: column)))
        }
        return terms
    }

    /// The term on one line and its 1-based column, or nil for a blank or comment line.
    static func termInLine(_ line: Substring.UnicodeScalarView) -> (String, Int)? {
        // Where a comment starts (`#` after white space), and whether `\#` escapes occur.
        var previousIsWhitespace = true
        var hasEscape = false
        var end = line.endIndex
        var index = line.startIndex
        while index < line.endIndex {
            let scalar = line[index]
            let next = line.index(after: index)
            if scalar == "\\", next < line.endIndex, line[next] == "#" {
                hasEscape = true
                previousIsWhitespace = false
                index = line.index(after: next)
                continue
            }
            if scalar == "#", previousIsWhitespace {
                end = index
                break
            }
            previousIsWhitespace = scalar.isWhitespace
            index = next
        }
        // A String from the line's slice in one copy (building a scalar view scalar by scalar
        // is slow, and a 10,000-term list goes through here at every start).
        var scalars = String(Substring(line[..<end])).unicodeScalars
        if hasEscape {
            var unescaped: [Unicode.Scalar] = []
            var k = scalars.startIndex
            while k < scalars.endIndex {
                let next = scalars.index(after: k)
                if scalars[k] == "\\", next < scalars.endIndex, scalars[next] == "#" {
                    unescaped.append("#")
                    k = scalars.index(after: next)
                } else {
                    unescaped.append(scalars[k])
                    k = next
                }
            }
            scalars = String.UnicodeScalarView(unescaped)
        }
        let leading = scalars.prefix(while: { $0.isWhitespace }).count
        let term = String(scalars).trimmingWhitespace
        if term.isEmpty { return nil }
        // Columns count scalars of the line as written; an escaped `#` before the term cannot
        // occur (it would be part of the term), so the leading white space is the offset.
        return (term, leading + 1)
    }
}
