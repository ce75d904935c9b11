import Foundation
import Testing
@testable import SangLoc

/// A small fixed pack: overlapping scam terms, a rumor rule and a trusted-link rule.
private let reviewPack = """
    pack: review-test
    version: "3.1"
    rules:
      - { id: scam.words, category: scam, verdict: harmful, weight: 1.0, match: { terms: [lừa đảo, chuyển tiền] } }
      - { id: scam.money, category: scam, verdict: harmful, weight: 0.5, match: { terms: [chuyển tiền vào] } }
      - { id: rumor.hearsay, category: rumor, verdict: unverified, weight: 1.0, match: { terms: [nghe nói] } }
    policy:
      thresholds: { harmful: 1.0, unverified: 1.0 }
      default: verified
    """

/// Builds a report of `texts` (ids `t1`, `t2`... in order) screened with the review pack.
private func makeReport(
    _ texts: [String], options: ReviewReportOptions = ReviewReportOptions(), postedAt: [Date?] = []
) throws -> (page: String, report: ReviewReport) {
    let screener = try Screener(pack: RulePackLoader.load(yaml: reviewPack))
    let report = ReviewReport(
        context: ReviewReportContext(inputs: ["posts.jsonl"], packName: "review-test", packVersion: "3.1"),
        options: options)
    var summary = BatchSummary()
    for (index, text) in texts.enumerated() {
        let post = Post(id: "t\(index + 1)", text: text, postedAt: index < postedAt.count ? postedAt[index] : nil)
        let screening = screener.screen(post)
        summary.count(screening)
        report.add(post: post, screening: screening, source: SourcePosition(file: "in/posts.jsonl", line: index + 1))
    }
    return (report.render(summary: summary), report)
}

/// The `<tr>` rows of the table, in order.
private func tableRows(_ page: String) -> [Substring] {
    guard let body = page.range(of: "<tbody>"), let end = page.range(of: "</tbody>") else { return [] }
    return page[body.upperBound..<end.lowerBound].split(separator: "\n").filter { $0.hasPrefix("<tr") }
}

@Suite("Review report: page content")
struct ReviewReportTests {
    @Test("an obfuscated match is highlighted over its original text, with rule id and tier in the title")
    func obfuscatedSpanHighlighted() throws {
        let (page, _) = try makeReport(["Cẩn thận l.ừ.a đ.ả.o nha"])
        #expect(page.contains(
            #"<mark class="v-harmful" title="scam.words · deobfuscated" data-rules="scam.words">l.ừ.a đ.ả.o</mark>"#))
        #expect(page.contains("Cẩn thận <mark"))
        #expect(page.contains("</mark> nha"))
    }

    @Test("overlapping spans of two rules become one mark that names both rules")
    func overlappingSpansMerged() throws {
        let (page, _) = try makeReport(["anh chuyển tiền vào đây"])
        #expect(page.contains(
            "<mark class=\"v-harmful\" title=\"scam.words · exact\nscam.money · exact\" data-rules=\"scam.words scam.money\">chuyển tiền vào</mark>"))
        #expect(page.components(separatedBy: "<mark").count - 1 == 1)
    }

    @Test("post text and ids are escaped: markup in a post shows as text and runs nothing")
    func postTextEscaped() throws {
        let (page, _) = try makeReport([
            "<script>alert(1)</script> lừa đảo",
            #"nghe nói "><img src=x onerror=alert(1)> ở đây"#,
        ])
        #expect(!page.contains("<script>alert(1)</script>"))
        #expect(!page.contains("<img src=x onerror=alert(1)>"))
        #expect(!page.contains(#""><img"#))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; <mark"))
        #expect(page.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        // The page's own script is the only one.
        #expect(page.components(separatedBy: "<script>").count - 1 == 1)
    }

    @Test("header: input, pack name and version, posts screened, verdict counts; utf-8 declared")
    func headerAndCounts() throws {
        let (page, report) = try makeReport(["lừa đảo", "nghe nói", "hôm nay trời đẹp", "chuyển tiền"])
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">"))
        #expect(page.contains("<code>posts.jsonl</code>"))
        #expect(page.contains("<code>review-test</code> v3.1"))
        #expect(page.contains(#"id="count-posts"><div class="value">4</div>"#))
        #expect(page.contains(#"id="count-harmful"><div class="value">2</div>"#))
        #expect(page.contains(#"id="count-unverified"><div class="value">1</div>"#))
        #expect(page.contains(#"id="count-verified"><div class="value">1</div>"#))
        #expect(page.contains(#"id="count-errors"><div class="value">0</div>"#))
        #expect(report.shown == 3)
        #expect(!page.contains("<link ") && !page.contains("src=\"http") && !page.contains("@import"))
    }

    @Test("rows: harmful first, then unverified, each in input order; verified only with includeVerified")
    func rowOrder() throws {
        let texts = ["nghe nói a", "lừa đảo b", "trời đẹp", "chuyển tiền c", "nghe nói d"]
        let flagged = try makeReport(texts).page
        #expect(tableRows(flagged).map { $0.contains("data-verdict=\"harmful\"") ? "h" : "u" } == ["h", "h", "u", "u"])
        let ids = tableRows(flagged).compactMap { row in row.firstMatch(of: /class="id">(t\d)</)?.1 }
        #expect(ids == ["t2", "t4", "t1", "t5"])
        #expect(flagged.contains(#"title="in/posts.jsonl:2">posts.jsonl:2</div>"#))

        let all = try makeReport(texts, options: ReviewReportOptions(includeVerified: true)).page
        #expect(tableRows(all).count == 5)
        #expect(tableRows(all).last?.contains(#"data-verdict="verified" data-categories="""#) == true)
        #expect(all.contains(#"data-verdict="verified">verified <span class="n">1</span>"#))
    }

    @Test("a per-category limit keeps the first posts and says how many were left out")
    func limitLeavesOutWithNote() throws {
        let texts = (1...5).map { "lừa đảo số \($0)" } + ["nghe nói x"]
        let (page, report) = try makeReport(texts, options: ReviewReportOptions(limitPerCategory: 2))
        #expect(tableRows(page).count == 3)
        #expect(report.leftOut == 3)
        #expect(page.contains(#"<p class="note" id="left-out"><b>3 posts left out</b>"#))
        #expect(page.contains("at most the first 2 posts per category (left out per category: scam 3)"))
        #expect(page.contains(#"data-category="scam">scam <span class="n">2</span>"#))
        #expect(!(try makeReport(["lừa đảo"]).page.contains("id=\"left-out\"")))
    }

    @Test("charts: verdict and category bars as inline SVG; a daily chart only when posts carry dates")
    func charts() throws {
        let day = Date(timeIntervalSince1970: 1_764_000_000)  // 2025-11-24
        let dated = try makeReport(
            ["lừa đảo", "nghe nói", "lừa đảo"], postedAt: [day, day, day.addingTimeInterval(2 * 86_400)]).page
        #expect(dated.contains(#"id="chart-verdicts""#) && dated.contains(#"id="chart-categories""#))
        #expect(dated.contains(#"id="chart-days""#))
        #expect(dated.contains("<title>2025-11-24: 1 harmful, 1 unverified</title>"))
        #expect(dated.contains("<title>2025-11-25: 0 harmful, 0 unverified</title>"))
        #expect(dated.contains("<title>scam: 2 (harmful 2)</title>"))
        #expect(dated.contains("2025-11-24 16:00 UTC"))
        let undated = try makeReport(["lừa đảo"]).page
        #expect(!undated.contains(#"id="chart-days""#))
    }

    @Test("a long text collapses behind an expander that shows its length")
    func longTextCollapses() throws {
        let long = "lừa đảo " + String(repeating: "chữ dài ", count: 100)
        let page = try makeReport([long, "lừa đảo ngắn"]).page
        #expect(page.components(separatedBy: "<details class=\"long\">").count - 1 == 1)
        #expect(page.contains("show all \(long.unicodeScalars.count) characters"))
    }

    @Test("write(to:) replaces the file through a temporary file in the same folder")
    func writesAtomically() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("report.html").path
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        let (_, report) = try makeReport(["lừa đảo"])
        try report.write(to: path, summary: BatchSummary())
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("<mark"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.html"])
        #expect(throws: BatchOutputError.self) { try report.write(to: folder.path + "/missing/r.html", summary: BatchSummary()) }
    }
}

@Suite("Review report: highlighting")
struct ReviewReportHighlightTests {
    private func hit(_ rule: String, _ verdict: Verdict, _ ranges: [Range<Int>]) -> RuleHit {
        RuleHit(rule: rule, category: "c", verdict: verdict, weight: 1,
                matches: ranges.map { Match(range: $0, text: "", tier: .exact) })
    }

    @Test("runs: overlapping spans merge, touching spans stay apart, spans past the end are cut",
          arguments: [
            ([0..<3, 2..<5], [0..<5]),
            ([0..<3, 3..<5], [0..<3, 3..<5]),
            ([4..<6, 0..<2, 1..<3], [0..<3, 4..<6]),
            ([0..<10, 2..<3], [0..<10]),
            ([8..<40], [8..<10]),
          ])
    func runs(spans: [Range<Int>], expected: [Range<Int>]) {
        let text = HighlightedText(text: "abcdefghij", hits: [hit("a", .unverified, spans)])
        #expect(text.runs.map(\.range) == expected)
    }

    @Test("a run shared by an unverified and a harmful rule is harmful and lists both rules")
    func verdictOfMergedRun() {
        let text = HighlightedText(text: "abcdef", hits: [hit("u", .unverified, [0..<4]), hit("h", .harmful, [2..<6])])
        #expect(text.runs.count == 1)
        #expect(text.runs[0].verdict == .harmful)
        #expect(text.runs[0].rules == ["u", "h"])
        #expect(text.html() == "<mark class=\"v-harmful\" title=\"u · exact\nh · exact\" data-rules=\"u h\">abcdef</mark>")
    }

    @Test("scalar offsets: emoji and combining marks count as the post's Unicode scalars")
    func scalarOffsets() {
        // "🎂 " is 2 scalars; "e\u{301}" is 2 scalars.
        let text = HighlightedText(text: "🎂 cafe\u{301} <b>", hits: [hit("x", .harmful, [2..<7])])
        #expect(text.html() == "🎂 <mark class=\"v-harmful\" title=\"x · exact\" data-rules=\"x\">cafe\u{301}</mark> &lt;b&gt;")
    }

    @Test("a link match beside the text highlights nothing")
    func linkMatchIgnored() {
        let link = RuleHit(rule: "l", category: "c", verdict: .harmful, weight: 1,
                           matches: [Match(range: 0..<0, text: "http://x", tier: .exact, field: "links")])
        #expect(HighlightedText(text: "abc", hits: [link]).html() == "abc")
    }
}
