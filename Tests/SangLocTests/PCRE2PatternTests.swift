import SangLoc
import Testing

@Suite("PCRE2Pattern compilation")
struct PCRE2PatternTests {
    struct BadPattern: Sendable, CustomTestStringConvertible {
        let pattern: String
        let message: String
        let offset: Int
        let byteOffset: Int
        var testDescription: String { pattern }
    }

    @Test(arguments: [
        BadPattern(pattern: "(abc", message: "missing closing parenthesis", offset: 4, byteOffset: 4),
        BadPattern(pattern: "[a-", message: "missing terminating ] for character class", offset: 3, byteOffset: 3),
        // "ừ" is one character but three bytes: the two offsets differ.
        BadPattern(pattern: "lừa(đảo", message: "missing closing parenthesis", offset: 7, byteOffset: 12),
        BadPattern(pattern: "đ{3,1}", message: "numbers out of order in {} quantifier", offset: 5, byteOffset: 6),
    ])
    func compileErrorCarriesPCRE2MessageAndOffsets(_ bad: BadPattern) {
        #expect {
            _ = try PCRE2Pattern(bad.pattern)
        } throws: { error in
            guard let error = error as? PCRE2CompileError else { return false }
            return error.message == bad.message && error.offset == bad.offset && error.byteOffset == bad.byteOffset
                && error.pattern == bad.pattern
        }
    }

    @Test func compileErrorDescriptionNamesColumnAndMessage() throws {
        do {
            _ = try PCRE2Pattern("(abc")
            Issue.record("(abc compiled")
        } catch {
            #expect(error.description == "regex does not compile at character 5 (end of pattern): missing closing parenthesis")
        }
        do {
            _ = try PCRE2Pattern("a)b")
            Issue.record("a)b compiled")
        } catch {
            #expect(error.description == "regex does not compile at character 2: unmatched closing parenthesis")
        }
    }

    @Test func backslashCIsRefusedBecauseItCouldSplitACharacter() {
        #expect(throws: PCRE2CompileError.self) { try PCRE2Pattern(#"a\C"#) }
    }

    @Test func patternIsJITCompiledOnThisPlatform() throws {
        // libpcre2 on Linux x86_64/arm64 ships with JIT; the interpreter is only a fallback.
        #expect(try PCRE2Pattern(#"lừa\s+đảo"#).isJITCompiled)
    }

    @Test func patternWithBacktrackingRiskRunsOnTheInterpreter() throws {
        // The interpreter's match limit counts every backtracking step; JIT's does not.
        #expect(try !PCRE2Pattern("(.*a){20}").isJITCompiled)
        #expect(try !PCRE2Pattern("(a+)+$").isJITCompiled)
    }

    @Test func patternInfoReportsLengthAndEmptiness() throws {
        let pattern = try PCRE2Pattern(#"\d{9,14}"#)
        #expect(pattern.minimumLength == 9)
        #expect(!pattern.canMatchEmpty)
        #expect(try PCRE2Pattern("x*").canMatchEmpty)
        #expect(try PCRE2Pattern("(a)(b)?").captureGroupCount == 2)
    }
}
