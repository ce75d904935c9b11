import SangLoc
import Testing

@Suite("PCRE2Pattern prefilter")
struct PCRE2PrefilterTests {
    @Test func requiredByteIsTheRightmostLiteral() throws {
        let pattern = try PCRE2Pattern(#"lừa\s+đảo"#)
        #expect(pattern.firstByte == UInt8(ascii: "l"))
        #expect(pattern.requiredByte == UInt8(ascii: "o"))
        #expect(!pattern.requiredByteIgnoresASCIICase)
        #expect(try PCRE2Pattern(#"\d+|\w+"#).requiredByte == nil)
    }

    @Test(arguments: [PCRE2Pattern.Options.caseless, []])
    func caselessLiteralIsReportedAsEitherCase(options: PCRE2Pattern.Options) throws {
        let source = options.isEmpty ? "(?i)stk" : "stk"
        let pattern = try PCRE2Pattern(source, options: options)
        #expect(pattern.requiredByteIgnoresASCIICase)
        #expect(pattern.mayMatch(in: "STK 0123"))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let pattern: String
        let text: String
        var testDescription: String { "\(pattern) on \(text)" }
    }

    /// `mayMatch` may only say false when there is truly no match.
    @Test(arguments: [
        Case(pattern: "(?i)k", text: "\u{212A}"),  // KELVIN SIGN folds to k under UCP
        Case(pattern: "(?i)s", text: "\u{017F}"),  // LONG S folds to s
        Case(pattern: "(?i)đảo", text: "ĐẢO"),
        Case(pattern: "(?i)ĐẢO", text: "đảo"),
        Case(pattern: "x(?i:abc)", text: "xABC"),
        Case(pattern: #"lừa\s+đảo"#, text: "ai bị lừa đảo"),
        Case(pattern: #"lừa\s+đảo"#, text: "ai bị lừa"),
        Case(pattern: #"\d{9,14}"#, text: "stk 12345"),
        Case(pattern: "stk", text: "STK"),
    ])
    func mayMatchNeverHidesARealMatch(_ example: Case) throws {
        let pattern = try PCRE2Pattern(example.pattern)
        let bytes = Array(example.text.utf8)
        try bytes.withSpan { subject in
            let matched = try pattern.firstMatch(in: subject, scratch: PCRE2Scratch()) != nil
            if matched {
                let mayMatch = pattern.mayMatch(in: subject)
                #expect(mayMatch)
            }
        }
    }

    @Test func mayMatchRejectsTextWithoutTheRequiredByte() throws {
        let pattern = try PCRE2Pattern(#"lừa\s+đảo"#)
        #expect(!pattern.mayMatch(in: "ai bị lừa"))
        #expect(try !PCRE2Pattern(#"\d{9,14}"#).mayMatch(in: "stk 123"))
    }
}
