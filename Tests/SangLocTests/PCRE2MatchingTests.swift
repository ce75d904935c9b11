import SangLoc
import Testing

@Suite("PCRE2Pattern matching")
struct PCRE2MatchingTests {
    @Test func vietnameseMatchIsReportedAsByteRange() throws {
        let found = try pcre2Matches(#"lừa\s+đảo"#, in: "ai bị lừa  đảo")
        // "ai bị " is 8 bytes ("ị" takes 3); "lừa  đảo" is 13.
        #expect(found.map(\.range) == [8..<21])
        #expect(found.map(\.text) == ["lừa  đảo"])
    }

    @Test func wordCharactersAndBoundariesFollowUnicode() throws {
        #expect(try pcre2Matches(#"\w+"#, in: "bị lừa đảo!").map(\.text) == ["bị", "lừa", "đảo"])
        #expect(try pcre2Matches(#"\bđảo\b"#, in: "lừa đảo").map(\.range) == [6..<12])
        // Inside a word there is no boundary, even next to a non-ASCII letter.
        #expect(try pcre2Matches(#"\bđảo\b"#, in: "lừađảo").isEmpty)
        #expect(try pcre2Matches(#"\bừa"#, in: "lừa").isEmpty)
        #expect(try pcre2Matches(#"\d+"#, in: "stk ０１２ 345").map(\.text) == ["０１２", "345"])
    }

    @Test func caselessFoldsVietnameseLetters() throws {
        #expect(try pcre2Matches("LỪA ĐẢO", in: "bị lừa đảo", options: .caseless).map(\.text) == ["lừa đảo"])
        #expect(try pcre2Matches("(?i)lừa đảo", in: "BỊ LỪA ĐẢO").map(\.text) == ["LỪA ĐẢO"])
        #expect(try pcre2Matches("LỪA ĐẢO", in: "bị lừa đảo").isEmpty)
    }

    @Test func optionsChangeAnchorsAndDot() throws {
        let text = "một\nhai"
        #expect(try pcre2Matches("^hai", in: text).isEmpty)
        #expect(try pcre2Matches("^hai", in: text, options: .multiline).map(\.range) == [6..<9])
        #expect(try pcre2Matches("một.hai", in: text).isEmpty)
        #expect(try pcre2Matches("một.hai", in: text, options: .dotAll).count == 1)
        #expect(try pcre2Matches("m ộ t # comment", in: text, options: .extended).map(\.text) == ["một"])
    }

    @Test func emptyMatchesAdvanceByWholeCharacters() throws {
        #expect(try pcre2Matches("x*", in: "ab").map(\.range) == [0..<0, 1..<1, 2..<2])
        // Same results as Perl and Python: '', 'ừ', '', ''.
        let found = try pcre2Matches("ừ*", in: "aừb")
        #expect(found.map(\.range) == [0..<0, 1..<4, 4..<4, 5..<5])
        #expect(found.map(\.text) == ["", "ừ", "", ""])
        #expect(try pcre2Matches("a*", in: "aab").map(\.text) == ["aa", "", ""])
    }

    @Test func matchesAreNonOverlappingAndCappedByLimit() throws {
        #expect(try pcre2Matches("aa", in: "aaaaa").map(\.range) == [0..<2, 2..<4])
        #expect(try pcre2Matches("a", in: "aaaaa", limit: 2).count == 2)
        #expect(try pcre2Matches("a", in: "", limit: 2).isEmpty)
        #expect(try pcre2Matches("", in: "").map(\.range) == [0..<0])
    }

    @Test func firstMatchFindsTheLeftmost() throws {
        let pattern = try PCRE2Pattern(#"\d{9,14}"#)
        let scratch = PCRE2Scratch()
        #expect(try pattern.firstMatch(in: "stk 0123456789 hoặc 9876543210", scratch: scratch) == 4..<14)
        #expect(try pattern.firstMatch(in: Array("stk 0123456789".utf8), scratch: scratch) == 4..<14)
        #expect(try !pattern.isMatch(in: "không có số", scratch: scratch))
    }

    /// Matching from given starts only: the pattern compiled anchored runs JIT code and finds
    /// what the pattern anchored at match time (PCRE2's interpreter) finds, and what a plain
    /// search finds; `\b` still sees the character before each start (`a5k` has no match).
    @Test func anchoredCopyFindsWhatAPlainSearchFinds() throws {
        let scratch = PCRE2Scratch()
        let patterns = [#"\b\d+(?:[.,]\d{3})*\s*(?:k|tr|triệu)\b"#, #"\b0\d{2,3}[ .\-]\d{3}[ .\-]\d{3,4}\b"#, #"\d{1,2}h\d{2}"#]
        let texts = ["giá 500k, 1.200.000 tr và a5k", "gọi 0912 345 678 hoặc x0912.345.678", "họp lúc 20h30 và 9h05, 123h456", "không số"]
        for pattern in patterns {
            let plain = try PCRE2Pattern(pattern)
            let anchored = try #require(plain.anchoredForJIT())
            #expect(anchored.isJITCompiled)
            #expect(anchored.anchoredForJIT() == nil, "already anchored")
            for text in texts {
                let bytes = Array(text.utf8)
                let digits = bytes.indices.filter { (0x30...0x39).contains(bytes[$0]) }
                try bytes.withSpan { buffer in
                    let all = try plain.matches(in: buffer, scratch: scratch)
                    #expect(try anchored.matches(in: buffer, startingOnlyAt: digits, scratch: scratch) == all, "\(pattern) in \(text)")
                    #expect(try plain.matches(in: buffer, startingOnlyAt: digits, scratch: scratch) == all, "\(pattern) in \(text)")
                }
            }
        }
        #expect(try pcre2Matches(patterns[0], in: texts[0]).map(\.text) == ["500k", "1.200.000 tr"])
    }

    @Test func invalidUTF8IsReportedWithItsPosition() throws {
        let pattern = try PCRE2Pattern("a")
        let bytes: [UInt8] = [0x62, 0x62, 0xC3, 0x28]
        let error = pcre2MatchError { () throws(PCRE2MatchError) in
            _ = try bytes.withSpan { buffer throws(PCRE2MatchError) in
                try pattern.matches(in: buffer, scratch: PCRE2Scratch())
            }
        }
        guard case .other(let message) = error else {
            Issue.record("expected .other, got \(String(describing: error))")
            return
        }
        #expect(message.hasPrefix("invalid UTF-8 in the text at byte 2: UTF-8 error"))
    }
}

// MARK: - Helpers shared by the PCRE2 test suites

/// Runs `pattern` over `text` and returns each match as its byte range and the matched text.
func pcre2Matches(
    _ pattern: String, in text: String, options: PCRE2Pattern.Options = [], limit: Int = 1000
) throws -> [(range: Range<Int>, text: String)] {
    let compiled = try PCRE2Pattern(pattern, options: options)
    let bytes = Array(text.utf8)
    let ranges = try compiled.matches(in: bytes, scratch: PCRE2Scratch(), limit: limit)
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
