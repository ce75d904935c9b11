internal import CPCRE2

extension PCRE2Pattern {
    /// All non-overlapping matches in `text`, left to right, as ranges of its UTF-8 bytes; at
    /// most `limit` (see `matches(in:scratch:limit:validUTF8:)` for the rules).
    /// - Throws: `.limitExceeded` when a match, depth, heap or JIT-stack limit is hit.
    public func matches(in text: String, scratch: PCRE2Scratch, limit: Int = 1000) throws(PCRE2MatchError) -> [Range<Int>] {
        try Self.withBytes(of: text) { bytes throws(PCRE2MatchError) in try matches(in: bytes, scratch: scratch, limit: limit, validUTF8: true) }
    }

    /// All matches in `bytes`, which are checked to be UTF-8 (invalid UTF-8 throws `.other`).
    public func matches(in bytes: [UInt8], scratch: PCRE2Scratch, limit: Int = 1000) throws(PCRE2MatchError) -> [Range<Int>] {
        try Self.withBytes(of: bytes) { bytes throws(PCRE2MatchError) in try matches(in: bytes, scratch: scratch, limit: limit) }
    }

    /// The leftmost match in `text` as a range of its UTF-8 bytes, or nil when there is none.
    public func firstMatch(in text: String, scratch: PCRE2Scratch) throws(PCRE2MatchError) -> Range<Int>? {
        try Self.withBytes(of: text) { bytes throws(PCRE2MatchError) in
            try firstMatch(in: bytes, from: 0, options: PCRE2_NO_UTF_CHECK, scratch: scratch)
        }
    }

    /// The leftmost match in `bytes` (checked to be UTF-8), or nil when there is none.
    public func firstMatch(in bytes: [UInt8], scratch: PCRE2Scratch) throws(PCRE2MatchError) -> Range<Int>? {
        try Self.withBytes(of: bytes) { bytes throws(PCRE2MatchError) in try firstMatch(in: bytes, scratch: scratch) }
    }

    /// Whether `text` contains a match: `firstMatch(in:scratch:) != nil`.
    public func isMatch(in text: String, scratch: PCRE2Scratch) throws(PCRE2MatchError) -> Bool {
        try firstMatch(in: text, scratch: scratch) != nil
    }

    /// Runs `body` on the UTF-8 bytes of `text`, read in place.
    static func withBytes<Result>(
        of text: String, _ body: (Span<UInt8>) throws(PCRE2MatchError) -> Result
    ) throws(PCRE2MatchError) -> Result {
        try body(text.utf8.span)
    }

    /// Runs `body` on `bytes`, read in place.
    static func withBytes<Result>(
        of bytes: [UInt8], _ body: (Span<UInt8>) throws(PCRE2MatchError) -> Result
    ) throws(PCRE2MatchError) -> Result {
        try body(bytes.span)
    }

    /// All non-overlapping matches in `subject`, left to right, as byte ranges; at most `limit`.
    ///
    /// `subject` is UTF-8; unless `validUTF8`, it is validated once per call (invalid UTF-8
    /// throws `.other`), and later searches in the same call skip the check. After an empty match the next search
    /// forbids another empty match at the same place (`PCRE2_NOTEMPTY_ATSTART`), so iteration
    /// always moves forward by whole characters, like Perl, Python and `pcre2demo`: `x*` on
    /// "ab" gives three empty matches, at 0, 1 and 2. Calls `pcre2_match_8` with `scratch`'s
    /// match data and limits.
    /// - Throws: `.limitExceeded` when a match, depth, heap or JIT-stack limit is hit (the
    ///   pattern backtracks catastrophically on this text); `.other` for anything else.
    /// - Parameters:
    ///   - subject: the UTF-8 bytes to search.
    ///   - limit: the most matches returned.
    ///   - scratch: the task's match data and limits.
    ///   - validUTF8: the caller guarantees valid UTF-8 (a Swift `String`'s bytes): skip
    ///     PCRE2's check, which costs a pass over the subject per pattern.
    package func matches(
        in subject: Span<UInt8>, scratch: PCRE2Scratch, limit: Int = 1000, validUTF8: Bool = false
    ) throws(PCRE2MatchError) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var start = 0
        var matchOptions: UInt32 = validUTF8 ? PCRE2_NO_UTF_CHECK : 0
        while found.count < limit, let match = try firstMatch(in: subject, from: start, options: matchOptions, scratch: scratch) {
            found.append(match)
            matchOptions = PCRE2_NO_UTF_CHECK
            if match.isEmpty {
                if match.lowerBound == subject.count { break }
                matchOptions |= PCRE2_NOTEMPTY_ATSTART
            }
            start = match.upperBound
        }
        return found
    }

    /// The matches `matches(in:scratch:limit:validUTF8:)` finds, for a pattern whose matches
    /// can only start at `candidates` (byte offsets of character starts, ascending): one
    /// anchored `pcre2_match_8` call per candidate past the last match, instead of a search
    /// that tries every position. The same matches, because an unanchored search returns the
    /// match of its first successful start, and no position between candidates can start one.
    /// The pattern must not match the empty string. On a pattern compiled `.anchored` (see
    /// `anchoredForJIT()`), the calls run its JIT code; otherwise they ask for anchoring at
    /// match time, which PCRE2's interpreter does.
    package func matches(
        in subject: Span<UInt8>, startingOnlyAt candidates: [Int], scratch: PCRE2Scratch, limit: Int = 1000,
        validUTF8: Bool = false
    ) throws(PCRE2MatchError) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var searchFrom = 0
        var options: UInt32 = (self.options.contains(.anchored) ? 0 : PCRE2_ANCHORED) | (validUTF8 ? PCRE2_NO_UTF_CHECK : 0)
        for candidate in candidates where candidate >= searchFrom {
            guard found.count < limit else { break }
            guard let match = try firstMatch(in: subject, from: candidate, options: options, scratch: scratch) else { continue }
            found.append(match)
            options |= PCRE2_NO_UTF_CHECK
            searchFrom = max(match.upperBound, candidate + 1)
        }
        return found
    }

    /// The leftmost match in `subject` (UTF-8) as a byte range, or nil when there is none.
    ///
    /// Calls `pcre2_match_8` once with `scratch`'s match data and limits.
    /// - Throws: as `matches(in:scratch:limit:)`.
    package func firstMatch(
        in subject: Span<UInt8>, scratch: PCRE2Scratch
    ) throws(PCRE2MatchError) -> Range<Int>? {
        try firstMatch(in: subject, from: 0, options: 0, scratch: scratch)
    }

    /// Whether `subject` (UTF-8) contains a match: `firstMatch(in:scratch:) != nil`.
    package func isMatch(in subject: Span<UInt8>, scratch: PCRE2Scratch) throws(PCRE2MatchError) -> Bool {
        try firstMatch(in: subject, scratch: scratch) != nil
    }

    /// One `pcre2_match_8` call from byte `start`, turning its result code into a range, nil
    /// or a `PCRE2MatchError`.
    ///
    /// On JIT code, with the subject known to be valid UTF-8 and no option JIT code cannot
    /// take (anchoring asked at match time sends PCRE2 to its interpreter), the call is
    /// `pcre2_jit_match_8`: what `pcre2_match_8` would call after its checks, which cost a
    /// tenth of a short search and are made many times per post.
    func firstMatch(
        in subject: Span<UInt8>, from start: Int, options: UInt32, scratch: PCRE2Scratch
    ) throws(PCRE2MatchError) -> Range<Int>? {
        let useJIT = runsJIT && options & PCRE2_NO_UTF_CHECK != 0
            && options & ~(PCRE2_NO_UTF_CHECK | PCRE2_NOTEMPTY_ATSTART) == 0 && start <= subject.count
        let result = subject.withUnsafeBufferPointer { subject -> Int32 in
            guard let base = subject.baseAddress else {
                // An empty buffer may have no address; PCRE2 wants a valid pointer even for length 0.
                var empty: UInt8 = 0
                return pcre2_match_8(code, &empty, 0, 0, options, scratch.matchData, scratch.matchContext)
            }
            if useJIT {
                return pcre2_jit_match_8(code, base, subject.count, start, options, scratch.matchData, scratch.matchContext)
            }
            return pcre2_match_8(code, base, subject.count, start, options, scratch.matchData, scratch.matchContext)
        }
        // 0 means "matched, but the ovector has no room for the groups": we read pair 0 only.
        if result >= 0 {
            let ovector = pcre2_get_ovector_pointer_8(scratch.matchData)!
            let (lower, upper) = (ovector[0], ovector[1])
            // PCRE2 ≥ 10.38 refuses \K in lookarounds by default, so this cannot happen; a
            // reversed range would still crash `Range`, hence the check.
            guard lower <= upper else {
                throw .other("match starts after it ends (\\K in a lookaround), at bytes \(lower)-\(upper)")
            }
            assert(upper <= subject.count, "match outside the subject")
            return lower..<upper
        }
        switch result {
        case PCRE2_ERROR_NOMATCH:
            return nil
        case PCRE2_ERROR_MATCHLIMIT, PCRE2_ERROR_DEPTHLIMIT, PCRE2_ERROR_HEAPLIMIT, PCRE2_ERROR_JIT_STACKLIMIT:
            throw .limitExceeded(pcre2ErrorMessage(result))
        case PCRE2_ERROR_UTF8_ERR21...PCRE2_ERROR_UTF8_ERR1:
            let position = pcre2_get_startchar_8(scratch.matchData)
            throw .other("invalid UTF-8 in the text at byte \(position): \(pcre2ErrorMessage(result))")
        default:
            throw .other(pcre2ErrorMessage(result))
        }
    }
}
