import SangLoc
import Testing

/// A tiny pack: "lừa đảo" is harmful, "nghe nói" unverified; otherwise verified. Shared by
/// the evaluation suites.
func tinyScreener(harmfulTiers: String = "") throws -> Screener {
    try Screener(pack: RulePackLoader.load(yaml: """
        pack: tiny
        policy:
          thresholds: { harmful: 1, unverified: 0.5, verified: 0.5 }
          default: verified
        rules:
          - id: scam.fraud
            category: scam
            verdict: harmful
            weight: 1
            \(harmfulTiers)
            match: { terms: ["lừa đảo"] }
          - id: rumor.hearsay
            category: rumor
            verdict: unverified
            weight: 0.5
            match: { terms: ["nghe nói"] }
        """))
}

private let labelled = """
    {"id":"h1","text":"Cẩn thận lừa đảo nhé","expected":"harmful"}
    {"id":"h2","text":"Trang này lừa đảo khách hàng","expected":"harmful"}
    {"id":"h3","text":"Nghe nói họ chuyển tiền","expected":"harmful","why":"missed"}

    {"id":"u1","text":"Nghe nói mai nghỉ học","expected":"unverified"}
    {"id":"u2","text":"Nghe nói bên đó lừa đảo","expected":"unverified"}
    {"id":"v1","text":"Hôm nay trời đẹp","expected":"verified"}
    {"id":"v2","text":"Nghe nói trời đẹp","expected":"verified"}
    {"id":"v3","text":"Chúc mừng sinh nhật","expected":"verified"}
    {"id":9,"text":"Ruộng lúa đào trĩu quả","expected":"verified"}
    """

@Suite("Evaluation: metrics on a labelled set")
struct EvaluationMetricsTests {
    @Test("accuracy, confusion matrix and per-verdict precision, recall, F1")
    func metrics() throws {
        let posts = try LabelledPostReader.parse(labelled, file: "tiny.jsonl")
        #expect(posts.map(\.post.id) == ["h1", "h2", "h3", "u1", "u2", "v1", "v2", "v3", "9"])
        #expect(posts[3].line == 5)
        let evaluation = Evaluator(screener: try tinyScreener()).evaluate(posts)

        #expect(evaluation.total == 9)
        #expect(evaluation.correct == 6)
        #expect(evaluation.accuracy == 6.0 / 9.0)
        let rows = Verdict.allCases.map { expected in Verdict.allCases.map { evaluation.count(expected: expected, got: $0) } }
        #expect(rows == [[2, 1, 0], [1, 1, 0], [0, 1, 3]])

        let harmful = evaluation.scores(for: .harmful)
        #expect(harmful.precision == 2.0 / 3.0)
        #expect(harmful.recall == 2.0 / 3.0)
        #expect(abs(harmful.f1! - 2.0 / 3.0) < 1e-12)
        let unverified = evaluation.scores(for: .unverified)
        #expect(unverified.precision == 1.0 / 3.0)
        #expect(unverified.recall == 0.5)
        #expect(abs(unverified.f1! - 0.4) < 1e-12)
        let verified = evaluation.scores(for: .verified)
        #expect(verified.precision == 1)
        #expect(verified.recall == 0.75)
        #expect(abs(verified.f1! - 6.0 / 7.0) < 1e-12)
    }

    @Test("wrong posts carry the hits that decided them")
    func errors() throws {
        let posts = try LabelledPostReader.parse(labelled)
        let evaluation = Evaluator(screener: try tinyScreener()).evaluate(posts)
        #expect(evaluation.errors.map(\.id) == ["h3", "u2", "v2"])
        let u2 = evaluation.errors[1]
        #expect(u2.expected == .unverified && u2.got == .harmful)
        // Only the harmful hit decided; the unverified one is left out.
        #expect(u2.decidingHits.map(\.rule) == ["scam.fraud"])
        #expect(u2.decidingHits[0].matches.map(\.text) == ["lừa đảo"])
        #expect(u2.decidingHits[0].matches.map(\.tier) == [.exact])
    }

    @Test("a verdict never judged has no precision and no F1")
    func undefinedScores() throws {
        let posts = try LabelledPostReader.parse(#"{"id":"a","text":"Hôm nay trời đẹp","expected":"harmful"}"#)
        let scores = Evaluator(screener: try tinyScreener()).evaluate(posts).scores(for: .harmful)
        #expect(scores.precision == nil)
        #expect(scores.recall == 0)
        #expect(scores.f1 == nil)
    }

    @Test("folding: clean posts judged harmful before and after stripping diacritics")
    func foldedFalsePositives() throws {
        let posts = try LabelledPostReader.parse(labelled)
        let folded = Evaluator(screener: try tinyScreener()).evaluate(posts).foldedFalsePositives
        // Six clean posts; u2 is harmful as written, "Ruong lua dao" folds into "lừa đảo".
        #expect(folded.clean == 6)
        #expect(folded.harmfulBefore == 1)
        #expect(folded.harmfulAfter == 2)
        #expect(folded.turnedHarmful == ["9"])
        #expect(abs(folded.increasePercentagePoints - 100.0 / 6.0) < 1e-9)
    }

    @Test("robustness: NFD keeps an exact-only rule, stripped diacritics lose it")
    func robustness() throws {
        let posts = try LabelledPostReader.parse(labelled)
        let evaluation = Evaluator(screener: try tinyScreener(harmfulTiers: "tiers: [exact]"), transforms: [.nfd, .stripDiacritics])
            .evaluate(posts)
        #expect(evaluation.robustness.map(\.transform) == [.nfd, .stripDiacritics])
        #expect(evaluation.robustness.map(\.tested) == [2, 2])
        #expect(evaluation.robustness.map(\.stillHarmful) == [2, 0])
        #expect(evaluation.robustness[1].lost == ["h1", "h2"])
        #expect(evaluation.robustness[1].share == 0)
    }

    @Test("robustness: links in the evidence are left as written")
    func linksKept() throws {
        let screener = try Screener(pack: RulePackLoader.load(yaml: """
            pack: links
            rules:
              - id: scam.link
                category: scam
                verdict: harmful
                weight: 1
                match: { link_domain: [lua-dao.xyz] }
            """))
        let posts = try LabelledPostReader.parse(#"{"id":"l","text":"vào http://lua-dao.xyz nhé","expected":"harmful"}"#)
        let robustness = Evaluator(screener: screener).evaluate(posts).robustness
        // The only evidence is a link, which a poster cannot disguise: nothing to test.
        #expect(robustness.allSatisfy { $0.tested == 0 && $0.share == nil })
    }

    @Test("the JSON object has the documented keys and figures")
    func json() throws {
        let posts = try LabelledPostReader.parse(labelled)
        let evaluation = Evaluator(screener: try tinyScreener(), transforms: [.dots]).evaluate(posts)
        let json = evaluation.json(file: "tiny.jsonl", showErrors: 1)
        #expect(json.hasPrefix(#"{"file":"tiny.jsonl","posts":9,"correct":6,"accuracy":0.666667,"verdicts":{"harmful":{"precision":0.666667,"#))
        #expect(json.contains(#""confusion":{"harmful":{"harmful":2,"unverified":1,"verified":0},"#))
        #expect(json.contains(#""errors_total":3,"errors":[{"id":"h3","line":3,"expected":"harmful","got":"unverified","#))
        #expect(!json.contains(#""id":"u2""#), "--show-errors 1 shows one wrong post")
        #expect(json.contains(#""folded_false_positives":{"clean":6,"harmful_before":1,"harmful_after":2,"#))
        #expect(json.contains(#""turned_harmful":["9"]},"clean_flagged_harmful":"#))
    }
}

@Suite("Evaluation: labelled file errors")
struct EvaluationLabelledFileTests {
    @Test("bad lines are reported with file, line and column", arguments: [
        (#"{"id":"a","text":"x","expected":"harmful"}"# + "\n{\"id\":\"b\" \"text\":\"y\"}", "l.jsonl:2:11: invalid JSON: expected ',' or '}', found '\"'"),
        (#"{"id":"a","text":"x","expected":"spam"}"#, "l.jsonl:1: \"expected\" is 'spam'; use harmful, unverified or verified"),
        (#"{"id":"a","expected":"harmful"}"#, "l.jsonl:1: missing \"text\""),
        (#"["a"]"#, "l.jsonl:1:1: expected a JSON object, found an array"),
        ("{\"id\":\"a\",\"text\":\"x\",\"expected\":\"harmful\"}\n{\"id\":\"a\",\"text\":\"y\",\"expected\":\"verified\"}",
         "l.jsonl:2: id 'a' already used on line 1; give every post its own id so errors can be found"),
    ])
    func badLine(_ input: String, _ message: String) {
        #expect {
            try LabelledPostReader.parse(input, file: "l.jsonl")
        } throws: { error in
            (error as? LabelledFileError)?.description == message
        }
    }
}
