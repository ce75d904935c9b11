import SangLoc
import Testing

@Suite("PCRE2Pattern.backtrackingRisks")
struct PCRE2BacktrackingRisksTests {
    @Test(arguments: [
        "(a+)+$", "(.*a){20}", #"^(\w+\s?)+$"#, #"(?:\s*\w+)*!"#, "(a|ab)*c", #"(\w|\d)+x"#, "(a|aa)+b",
        "((ab)*)+c", "(?<word>[a-zđ]+)*$",
    ])
    func flagsPatternsThatBacktrackCatastrophically(pattern: String) {
        let risks = PCRE2Pattern.backtrackingRisks(in: pattern)
        #expect(risks.count == 1, "\(risks)")
    }

    @Test(arguments: [
        #"\d{9,14}"#, #"\b\d{9,14}\b"#, "(a++)+", "(?>a+)+", #"([a-z]+\.)+[a-z]+"#, #"lừa\s+đảo"#,
        #"(chuyển khoản|stk)\s*\d+"#, #"(\w+\s)+"#, #"(?:\s|\w)+"#, #"(ab|ac)+"#, #"\(a+\)+"#, #"[(a+)]+"#,
        #"(?#(a+)+)x"#, #"(https?://)?(www\.)?[a-z0-9-]+\.(vn|com)"#,
    ])
    func leavesOrdinaryPatternsAlone(pattern: String) {
        #expect(PCRE2Pattern.backtrackingRisks(in: pattern) == [])
    }

    @Test func messageNamesTheGroupAndTheFix() {
        #expect(PCRE2Pattern.backtrackingRisks(in: "(a+)+$") == [
            "nested quantifier: `(a+)+` repeats a group containing `a+`, so a failing match tries every way of splitting the text between them; make the inner quantifier possessive (`a++`) or the group atomic (`(?>…)`)"
        ])
        #expect(PCRE2Pattern.backtrackingRisks(in: "(a|ab)*c") == [
            "overlapping alternatives: `(a|ab)*` repeats alternatives `a` and `ab` that can both start with \"a\", so a failing match tries every way of choosing between them; make the alternatives start differently or the group atomic (`(?>…)`)"
        ])
    }
}
