import SangLoc
import Testing

@Suite("PCRE2Pattern limits and concurrency")
struct PCRE2LimitTests {
    struct Catastrophe: Sendable, CustomTestStringConvertible {
        let pattern: String
        let subject: String
        var testDescription: String { pattern }
    }

    @Test(arguments: [
        Catastrophe(pattern: "(a+)+$", subject: String(repeating: "a", count: 30_000) + "b"),
        // Under JIT this one ran for 11 s without reaching the match limit (JIT does not count
        // each character `.*` gives back); flagged patterns therefore run on the interpreter.
        Catastrophe(pattern: "(.*a){20}", subject: String(repeating: "a", count: 19) + String(repeating: "x", count: 30_000)),
        Catastrophe(pattern: "(.*a){20}", subject: String(repeating: "a", count: 30_000) + "b"),
        Catastrophe(pattern: #"^(\w+\s?)+$"#, subject: String(repeating: "lừa đảo ", count: 200) + "!"),
    ])
    func catastrophicPatternStopsAtTheLimitWithinASecond(_ example: Catastrophe) throws {
        let pattern = try PCRE2Pattern(example.pattern)
        let bytes = Array(example.subject.utf8)
        let clock = ContinuousClock()
        let start = clock.now
        let error = pcre2MatchError { () throws(PCRE2MatchError) in
            _ = try bytes.withSpan { buffer throws(PCRE2MatchError) in
                try pattern.firstMatch(in: buffer, scratch: PCRE2Scratch())
            }
        }
        let elapsed = clock.now - start
        guard case .limitExceeded(let message) = error else {
            Issue.record("expected .limitExceeded, got \(String(describing: error))")
            return
        }
        #expect(message.contains("limit"))
        #expect(elapsed < .seconds(1))
        #expect(error?.description.contains("possessive") == true)
    }

    @Test func lowerMatchLimitStopsEarlier() throws {
        let pattern = try PCRE2Pattern(#"(\d+)+\D"#)
        let bytes = Array(String(repeating: "1", count: 40).utf8)
        let error = pcre2MatchError { () throws(PCRE2MatchError) in
            _ = try bytes.withSpan { buffer throws(PCRE2MatchError) in
                try pattern.matches(in: buffer, scratch: PCRE2Scratch(matchLimit: 1_000))
            }
        }
        #expect(error.map { if case .limitExceeded = $0 { true } else { false } } == true)
    }

    @Test func largeSubjectMatchesInFull() throws {
        // 300 KB in one match of a repeated group: needs more than PCRE2's default 32 KiB of
        // JIT stack, which the scratch's own 1 MiB stack provides.
        let text = String(repeating: "lừa ", count: 50_000)
        let found = try pcre2Matches(#"(?:lừa\s)+"#, in: text)
        #expect(found.map(\.range) == [0..<text.utf8.count])
        let pattern = try PCRE2Pattern(#"(?:lừa\s)+"#)
        let smallStack = pcre2MatchError { () throws(PCRE2MatchError) in
            _ = try Array(text.utf8).withSpan { buffer throws(PCRE2MatchError) in
                try pattern.firstMatch(in: buffer, scratch: PCRE2Scratch(jitStackLimit: 32 * 1024))
            }
        }
        #expect(smallStack == .limitExceeded("JIT stack limit reached"))
        #expect(try pcre2Matches("lừa", in: text, limit: 100_000).count == 50_000)
    }

    @Test func tasksWithTheirOwnScratchShareOnePattern() async throws {
        let pattern = try PCRE2Pattern(#"\b(?:lừa|đảo|stk)\b|\d{9,14}"#, options: .caseless)
        let text = String(repeating: "Bị LỪA đảo, chuyển vào STK 0123456789 ngay. ", count: 500)
        let expected = try pcre2Matches(pattern.pattern, in: text, options: .caseless, limit: 10_000).map(\.range)
        #expect(expected.count == 2_000)
        let results = try await withThrowingTaskGroup(of: [Range<Int>].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let scratch = PCRE2Scratch()
                    let bytes = Array(text.utf8)
                    return try bytes.withSpan { buffer in
                        var last: [Range<Int>] = []
                        for _ in 0..<20 { last = try pattern.matches(in: buffer, scratch: scratch, limit: 10_000) }
                        return last
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0 == expected })
    }
}
