/// A byte scan for what `PackLoadSession.rejectComplexKeysWithAliasesByRegex` refuses: an
/// alias (`*name`) somewhere, and a key that is an alias (`*name :`), a complex key (`? ` at
/// the start of a line, after spaces, tabs and dashes) or a flow collection (`]: `, `}: `).
///
/// It may find one where the regexes do not (they read characters: a combining mark after
/// `*`, `:` or a space makes another character; any non-ASCII byte is taken as a possible
/// name character), never the other way round, so a file it clears is one the regexes clear.
/// Written by hand: it runs over every pack file at every start, where compiling and running
/// the `Regex` cost more than the rest of reading a large pack's YAML.
enum ComplexKeyScan {
    /// Whether `bytes` (UTF-8) may use aliases and have a key that is an alias, a list or a
    /// mapping. False only when the regexes find no such key.
    static func mayHaveComplexKeyWithAliases(_ bytes: Span<UInt8>) -> Bool {
        guard mayUseAliases(bytes) else { return false }
        for index in bytes.indices {
            switch bytes[index] {
            case UInt8(ascii: "*"):
                var end = index + 1
                while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
                if end > index + 1, colonEndsKey(bytes, from: end) { return true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if colonEndsKey(bytes, from: index + 1) { return true }
            case UInt8(ascii: "?"):
                var start = index
                while start > 0, isSpaceOrTab(bytes[start - 1]) || bytes[start - 1] == UInt8(ascii: "-") { start -= 1 }
                if startsLine(bytes, at: start), endsItem(bytes, at: index + 1) { return true }
            default:
                continue
            }
        }
        return false
    }

    /// `*` followed by a name character somewhere.
    static func mayUseAliases(_ bytes: Span<UInt8>) -> Bool {
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "*"), isNameByte(bytes[index + 1]) { return true }
            index += 1
        }
        return false
    }

    /// `[A-Za-z0-9_-]`, or any byte of a non-ASCII character.
    private static func isNameByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || byte.isASCIILetter || (0x30...0x39).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    private static func isSpaceOrTab(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09
    }

    /// `[ \t]*:` from `index`, then the end of the key (`[ \t]` or the end of a line).
    private static func colonEndsKey(_ bytes: Span<UInt8>, from index: Int) -> Bool {
        var colon = index
        while colon < bytes.count, isSpaceOrTab(bytes[colon]) { colon += 1 }
        return colon < bytes.count && bytes[colon] == UInt8(ascii: ":") && endsItem(bytes, at: colon + 1)
    }

    /// A space or tab at `index`, or the end of a line (`$` in multiline mode).
    private static func endsItem(_ bytes: Span<UInt8>, at index: Int) -> Bool {
        index == bytes.count || isSpaceOrTab(bytes[index]) || lineBreakLength(bytes, at: index) > 0
    }

    /// `index` is the start of the text or follows a line break (`^` in multiline mode).
    private static func startsLine(_ bytes: Span<UInt8>, at index: Int) -> Bool {
        if index == 0 { return true }
        return (1...3).contains { length in index >= length && lineBreakLength(bytes, at: index - length) == length }
    }

    /// The length of the line break starting at `index` (LF, VT, FF, CR, NEL, LS, PS), or 0.
    private static func lineBreakLength(_ bytes: Span<UInt8>, at index: Int) -> Int {
        let byte = bytes[index]
        if (0x0A...0x0D).contains(byte) { return 1 }
        if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0x85 { return 2 }
        if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 { return 3 }
        return 0
    }
}
