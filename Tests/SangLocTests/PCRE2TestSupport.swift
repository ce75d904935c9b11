import SangLoc

/// Runs `pattern` over `text` and returns each match as its byte range and the matched text.
func pcre2Matches(
    _ pattern: String, in text: String, options: PCRE2Pattern.Options = [], limit: Int = 1000
) throws -> [(range: Range<Int>, text: String)] {
    let compiled = try PCRE2Pattern(pattern, options: options)
    let bytes = Array(text.utf8)
    let ranges = try bytes.withUnsafeBufferPointer { try compiled.matches(in: $0, scratch: PCRE2Scratch(), limit: limit) }
    return ranges.map { ($0, String(decoding: bytes[$0], as: UTF8.self)) }
}

/// The error `body` throws, or nil when it returns normally.
func pcre2MatchError(_ body: () throws(PCRE2MatchError) -> Void) -> PCRE2MatchError? {
    do throws(PCRE2MatchError) {
        try body()
        return nil
    } catch {
        return error
    }
}
