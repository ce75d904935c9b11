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
    ///
    /// Reads the UTF-8 bytes (a 10,000-term list goes through here at every start): lines end
    /// at `\n` (a `\r` before it is dropped), and a non-ASCII character is decoded only when
    /// its first byte can start a white space character.
    static func parseWordlist(_ text: String, file: String) throws(RulePackError) -> [Term] {
        let bytes = text.utf8.span
        var terms: [Term] = []
        var lineNumber = 0
        var lineStart = 0
        while lineStart <= bytes.count {
            lineNumber += 1
            var lineEnd = bytes.firstIndex(of: UInt8(ascii: "\n"), from: lineStart) ?? bytes.count
            let next = lineEnd + 1
            if lineEnd > lineStart, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            if let (term, column) = termInLine(bytes.extracting(lineStart..<lineEnd)) {
                terms.append(Term(term, location: SourceLocation(file: file, line: lineNumber, column: column)))
            }
            lineStart = next
        }
        return terms
    }

    /// The term on one line (UTF-8, without its line end) and its 1-based column, or nil for a
    /// blank or comment line.
    static func termInLine(_ line: Span<UInt8>) -> (String, Int)? {
        // Where a comment starts (`#` after white space), whether `\#` escapes occur, and the
        // term's bounds: the first and past the last character that is not white space.
        var previousIsWhitespace = true
        var hasEscape = false
        var leadingScalars = 0
        var termStart: Int?
        var termEnd = 0
        var index = 0
        while index < line.count {
            let byte = line[index]
            if byte == UInt8(ascii: "\\"), index + 1 < line.count, line[index + 1] == UInt8(ascii: "#") {
                hasEscape = true
                previousIsWhitespace = false
                if termStart == nil { termStart = index }
                index += 2
                termEnd = index
                continue
            }
            if byte == UInt8(ascii: "#"), previousIsWhitespace { break }
            let (isWhitespace, length) = whitespaceScalar(in: line, at: index)
            previousIsWhitespace = isWhitespace
            index += length
            if isWhitespace {
                if termStart == nil { leadingScalars += 1 }
            } else {
                if termStart == nil { termStart = index - length }
                termEnd = index
            }
        }
        guard let termStart else { return nil }
        let bytes = line.extracting(termStart..<termEnd)
        guard hasEscape else { return (String(decoding: bytes.copied(), as: UTF8.self), leadingScalars + 1) }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(bytes.count)
        var k = 0
        while k < bytes.count {
            if bytes[k] == UInt8(ascii: "\\"), k + 1 < bytes.count, bytes[k + 1] == UInt8(ascii: "#") {
                unescaped.append(UInt8(ascii: "#"))
                k += 2
            } else {
                unescaped.append(bytes[k])
                k += 1
            }
        }
        // Columns count scalars of the line as written; an escaped `#` before the term cannot
        // occur (it would be part of the term), so the leading white space is the offset.
        return (String(decoding: unescaped, as: UTF8.self), leadingScalars + 1)
    }

    /// Whether the character starting at `index` of valid UTF-8 is white space (Unicode
    /// `White_Space`), and its length in bytes. Every non-ASCII white space character starts
    /// with 0xC2, 0xE1 0x9A, 0xE2 or 0xE3 (U+0085, U+00A0, U+1680, U+2000...U+205F, U+3000; a
    /// test checks this against every scalar), so others (Vietnamese letters among them) are
    /// not decoded.
    @inline(__always)
    static func whitespaceScalar(in bytes: Span<UInt8>, at index: Int) -> (isWhitespace: Bool, length: Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (lead == 0x20 || (0x09...0x0D).contains(lead), 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard lead == 0xC2 || lead == 0xE2 || lead == 0xE3 || (lead == 0xE1 && bytes[index + 1] == 0x9A) else { return (false, length) }
        var value = UInt32(lead) & (length == 2 ? 0x1F : 0x0F)
        for k in 1..<length { value = value << 6 | UInt32(bytes[index + k] & 0x3F) }
        return (Unicode.Scalar(value)?.isWhitespace ?? false, length)
    }
}
