import Foundation
import SangLoc
import Testing

/// Gold spans by hand: p1 exact, p2 partly found, p3 clean and quiet, p4 clean but flagged,
/// p5 to p7 missed.
private let spanned = """
    {"id":"p1","text":"Cẩn thận lừa đảo nhé","spans":[[9,16]]}
    {"id":"p2","text":"Trang này lừa đảo khách hàng","spans":[[10,23]]}
    {"id":"p3","text":"Hôm nay trời đẹp","spans":[]}
    {"id":"p4","text":"Nghe nói bên đó lừa đảo","spans":[]}
    {"id":"p5","text":"đồ ngu thật","spans":[[0,6]]}
    {"id":"p6","text":"Ngu!","spans":[[0,4]]}
    {"id":"p7","text":"ĐỒ NGU","spans":[[0,6]]}
    """

@Suite("Evaluation: spans, rules, uncovered spans")
struct EvaluationSpanTests {
    @Test("span F1 of one post: both empty 1, one empty 0, partial overlap 2|G∩P|/(|G|+|P|)")
    func postF1() {
        #expect(SpanScores.f1(gold: [], predicted: []) == 1)
        #expect(SpanScores.f1(gold: [0..<3], predicted: []) == 0)
        #expect(SpanScores.f1(gold: [], predicted: [0..<2]) == 0)
        #expect(SpanScores.f1(gold: [0..<4], predicted: [2..<8]) == 0.4)
        // Overlapping predictions count each offset once.
        #expect(SpanScores.f1(gold: [0..<4], predicted: [2..<6, 3..<8, 20..<20]) == 0.4)
        #expect(SpanScores.f1(gold: [0..<2, 5..<7], predicted: [1..<6]) == 2.0 * 2 / 9)
    }

    @Test("span F1 over a set: mean per post; precision and recall over all offsets")
    func setScores() throws {
        let posts = try LabelledPostReader.parse(spanned, file: "s.jsonl")
        let evaluation = Evaluator(screener: try tinyScreener(), transforms: []).evaluate(posts)
        let spans = try #require(evaluation.spanScores)
        #expect(spans.posts == 7)
        #expect(abs(spans.f1 - 2.7 / 7) < 1e-12)
        #expect(spans.precision == 14.0 / 21)
        #expect(spans.recall == 14.0 / 36)
        #expect(evaluation.uncoveredSpans == [UncoveredSpan(text: "đồ ngu", count: 2), UncoveredSpan(text: "ngu", count: 1)])
        #expect(evaluation.cleanPosts == 2)
        #expect(evaluation.cleanJudgedHarmful == 1)
        #expect(evaluation.cleanFlaggedHarmful == 0.5)
    }

    @Test("no span annotation, no span figures")
    func noSpans() throws {
        let posts = try LabelledPostReader.parse(#"{"id":"a","text":"lừa đảo","expected":"harmful"}"#)
        let evaluation = Evaluator(screener: try tinyScreener()).evaluate(posts)
        #expect(evaluation.spanScores == nil)
        #expect(evaluation.uncoveredSpans.isEmpty)
        let json = evaluation.json(file: "a.jsonl", showErrors: nil)
        #expect(json.contains(#""span_f1":null,"rules":[{"rule":"scam.fraud","#))
        #expect(json.hasSuffix(#""uncovered_spans":[]}"#))
        #expect(!evaluation.report(file: "a.jsonl", showErrors: 20).contains("span F1"))
    }

    @Test("per-rule table: posts by label, precision, clean ids; most clean posts first, then rule id")
    func ruleTable() throws {
        let posts = try LabelledPostReader.parse(spanned, file: "s.jsonl")
        let rules = Evaluator(screener: try tinyScreener(), transforms: []).evaluate(posts).rules
        #expect(rules.map(\.rule) == ["rumor.hearsay", "scam.fraud"])
        #expect(rules.map(\.verdict) == [Verdict.unverified, .harmful])
        #expect(rules.map(\.harmfulPosts) == [0, 2])
        #expect(rules.map(\.cleanPosts) == [1, 1])
        #expect(rules.map(\.cleanIDs) == [["p4"], ["p4"]])
        #expect(rules[1].precision == 2.0 / 3)
    }

    @Test("the report and the JSON carry the new figures after the old ones")
    func reportAndJSON() throws {
        let posts = try LabelledPostReader.parse(spanned, file: "s.jsonl")
        let evaluation = Evaluator(screener: try tinyScreener(), transforms: [.dots]).evaluate(posts)
        let report = evaluation.report(file: "s.jsonl", showErrors: 0)
        #expect(report.contains("\nclean flagged harmful: 1/2 posts labelled unverified or verified (50.0%)\n"))
        #expect(report.contains("\nspan F1 38.6% (mean over 7 span-annotated posts); over characters: precision 66.7%, recall 38.9%\n"))
        #expect(report.contains("""
            rules that fired: 2, most clean posts first
            rule             verdict  harmful  clean  precision  clean posts
            rumor.hearsay unverified        0      1       0.0%  p4
            scam.fraud       harmful        2      1      66.7%  p4
            """))
        #expect(report.hasSuffix("""
            gold spans no harmful match overlaps: 3 (2 distinct texts)
                  2  đồ ngu
                  1  ngu
            """))

        let json = evaluation.json(file: "s.jsonl", showErrors: 0, uncoveredLimit: 1)
        #expect(json.contains(#""clean_flagged_harmful":{"clean":2,"harmful":1,"share":0.5},"#))
        #expect(json.contains(#""span_f1":{"f1":0.385714,"precision":0.666667,"recall":0.388889,"posts":7},"#))
        #expect(json.contains(
            #""rules":[{"rule":"rumor.hearsay","category":"rumor","verdict":"unverified","harmful":0,"clean":1,"precision":0,"clean_ids":["p4"]},"#))
        #expect(json.hasSuffix(#""uncovered_spans":[{"text":"đồ ngu","count":2}]}"#))
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object?.keys.sorted() == [
            "accuracy", "clean_flagged_harmful", "confusion", "correct", "errors", "errors_total", "file",
            "folded_false_positives", "posts", "robustness", "rules", "span_f1", "uncovered_spans", "verdicts",
        ])
    }
}
