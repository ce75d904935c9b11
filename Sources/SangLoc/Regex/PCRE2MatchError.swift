/// Why a PCRE2 match did not complete.
public enum PCRE2MatchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The match, depth, heap or JIT-stack limit was hit: the pattern backtracks too much on
    /// this subject (typically nested quantifiers such as `(a+)+`). Carries PCRE2's message.
    case limitExceeded(String)
    /// Any other failure (invalid UTF-8 in the subject, out of memory), with PCRE2's message.
    case other(String)

    /// The error in words, as a rule failure's message shows it.
    public var description: String {
        switch self {
        case .limitExceeded(let message):
            "regex gave up: \(message); the pattern needs too many backtracking steps on this text, rewrite it with possessive quantifiers (a++) or atomic groups (?>…)"
        case .other(let message):
            "regex match failed: \(message)"
        }
    }
}
