/// A regex that PCRE2 refused to compile, with PCRE2's own message and where it stopped.
///
/// `description` reads like "regex does not compile at character 4: missing closing
/// parenthesis", so a rule-pack reader can prefix it with the file and line of the rule.
public struct PCRE2CompileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// PCRE2's message, from `pcre2_get_error_message`, e.g. "missing closing parenthesis".
    public let message: String
    /// PCRE2's error code (for example 114 for a missing closing parenthesis); internal, so
    /// that PCRE2's numbering stays out of the public API.
    let code: Int32
    /// Where PCRE2 detected the error, counted in characters (Unicode scalars) from the start
    /// of the pattern, 0-based as PCRE2 reports it. Equal to the pattern's length when the
    /// error was found at its end (an unclosed group or class).
    public let offset: Int
    /// The same position in UTF-8 bytes, exactly as PCRE2 reports it.
    public let byteOffset: Int
    /// The pattern that failed to compile.
    public let pattern: String

    /// Creates an error; `offset` is derived from `byteOffset` by counting characters.
    init(message: String, code: Int32, byteOffset: Int, pattern: String) {
        self.message = message
        self.code = code
        self.byteOffset = byteOffset
        self.pattern = pattern
        let prefix = pattern.utf8.prefix(byteOffset)
        // A UTF-8 continuation byte is 0b10xx_xxxx; every other byte starts a character.
        self.offset = prefix.reduce(0) { count, byte in byte & 0xC0 == 0x80 ? count : count + 1 }
    }

    /// The 1-based column of the error, as an editor shows it.
    public var column: Int { offset + 1 }

    /// "regex does not compile at character N: message", with "(end of pattern)" when PCRE2
    /// stopped after the last character.
    public var description: String {
        let atEnd = offset >= pattern.unicodeScalars.count ? " (end of pattern)" : ""
        return "regex does not compile at character \(column)\(atEnd): \(message)"
    }
}
