import Testing

@testable import SangLoc

/// The direct JIT call (`pcre2_jit_match_8`) that `PCRE2Pattern` makes for text known to be
/// valid UTF-8, against `pcre2_match_8` and PCRE2's interpreter.
@Suite("PCRE2Pattern direct JIT calls")
struct PCRE2DirectJITTests {
    /// Searches in text known to be valid UTF-8 call JIT code directly (`pcre2_jit_match_8`);
    /// they find what `pcre2_match_8` finds, and what the interpreter finds, empty matches
    /// (`PCRE2_NOTEMPTY_ATSTART` on the next search) and lookbehinds included.
    @Test func directJITCallsFindWhatPCRE2MatchFinds() throws {
        let scratch = PCRE2Scratch()
        let patterns = [
            #"(?:nổ|no)\s+(?:hũ|hu)"#, "x*", #"(?<=\s)đ\w+"#, #"\b\w{2}\b"#, "(?i)LỪA", #"[😀-🙏]{2,}"#, "$",
        ]
        let texts = ["nổ  hũ và no hu, nổhũ", "axxb", "đi đâu đó", "ăn là ok", "lừa LỪA Lừa", "😀😁 😀", ""]
        for pattern in patterns {
            let jit = try PCRE2Pattern(pattern)
            #expect(jit.isJITCompiled, "\(pattern)")
            let interpreted = try PCRE2Pattern(pattern, options: [], allowJIT: false)
            for text in texts {
                let bytes = Array(text.utf8)
                try bytes.withSpan { buffer in
                    let checked = try jit.matches(in: buffer, scratch: scratch)
                    #expect(try jit.matches(in: buffer, scratch: scratch, validUTF8: true) == checked, "\(pattern) in \(text)")
                    #expect(try interpreted.matches(in: buffer, scratch: scratch, validUTF8: true) == checked, "\(pattern) in \(text)")
                }
            }
        }
        #expect(try pcre2Matches("x*", in: "axxb").map(\.text) == ["", "xx", "", ""])
    }
}
