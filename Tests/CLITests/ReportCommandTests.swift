import Foundation
import Testing

/// `sangloc screen --report`: the built binary writes the HTML review page.
@Suite("sangloc screen --report")
struct ReportCommandTests {
    typealias Run = SanglocProcess

    /// Runs `screen` with `arguments` plus `--report` into a fresh folder; the page and the run.
    private func screenWithReport(_ arguments: [String]) throws -> (page: String, result: Run.Result, folder: URL) {
        let folder = try Run.temporaryFolder()
        let path = folder.appendingPathComponent("report.html").path
        let result = try Run.run(["screen"] + arguments + ["--report", path])
        let page = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return (page, result, folder)
    }

    @Test("the sample's page: counts in the header, one row per flagged post, harmful rows first")
    func samplePage() throws {
        let (page, result, folder) = try screenWithReport(["Fixtures/sample/posts.jsonl", "--output", "/dev/null"])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(page.contains("<code>Fixtures/sample/posts.jsonl</code>"))
        #expect(page.contains("<b>Rules</b> <code>default</code> v"))
        #expect(page.contains(#"id="count-posts"><div class="value">35</div>"#))
        #expect(page.contains(#"id="count-harmful"><div class="value">17</div>"#))
        #expect(page.contains(#"id="count-unverified"><div class="value">5</div>"#))
        #expect(page.contains(#"id="count-verified"><div class="value">13</div>"#))
        let verdicts = page.matches(of: /<tr class="v-(\w+)"/).map { String($0.1) }
        #expect(verdicts == Array(repeating: "harmful", count: 17) + Array(repeating: "unverified", count: 5))
        #expect(page.contains(#"<mark class="v-harmful" title="scam.upfront-fee · exact" data-rules="scam.upfront-fee">Đóng phí</mark>"#))
        #expect(page.contains(#"title="Fixtures/sample/posts.jsonl:9">posts.jsonl:9</div>"#))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.html"])
    }

    @Test("hostile posts: matches highlighted, markup escaped, dated posts charted per day")
    func hostilePosts() throws {
        let (page, result, folder) = try screenWithReport([
            "Fixtures/report/hostile.jsonl", "--rules", "Fixtures/report/review-pack.yaml", "--time-field", "time",
            "--output", "/dev/null",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(page.contains(#"<mark class="v-harmful" title="scam.words · deobfuscated" data-rules="scam.words">l.ừ.a đ.ả.o</mark>"#))
        #expect(page.contains("title=\"scam.words · exact\nscam.money · exact\" data-rules=\"scam.words scam.money\">chuyển tiền vào</mark>"))
        #expect(!page.contains("<script>alert(1)</script>"))
        #expect(!page.contains("<img src=x onerror=alert(1)>"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains(#"<div class="id">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</div>"#))
        #expect(page.contains(#"id="chart-days""#))
        #expect(page.contains("<title>2026-03-02: 1 harmful, 1 unverified</title>"))
        #expect(page.contains("<title>2026-03-04: 2 harmful, 0 unverified</title>"))
        #expect(page.matches(of: /<tr class="v-/).count == 4)
    }

    @Test("--report-limit 1 keeps one post per category and says how many were left out; --report-all adds verified")
    func limitAndAll() throws {
        let (page, result, folder) = try screenWithReport([
            "Fixtures/report/hostile.jsonl", "--rules", "Fixtures/report/review-pack.yaml", "--report-limit", "1",
            "--report-all", "--output", "/dev/null",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(page.matches(of: /<tr class="v-/).map(\.output).count == 3)
        #expect(page.contains(#"<b>2 posts left out</b>"#))
        #expect(page.contains("at most the first 1 posts per category (left out per category: scam 2)"))
        #expect(page.contains(#"<tr class="v-verified" data-verdict="verified""#))
    }

    @Test("--report-limit without --report, or below 1, is a usage error")
    func usageErrors() throws {
        let without = try Run.run(["screen", "Fixtures/sample/posts.jsonl", "--report-limit", "3"])
        #expect(without.status == 2)
        #expect(without.stderr.contains("--report-all and --report-limit need --report FILE"))
        let zero = try Run.run(["screen", "Fixtures/sample/posts.jsonl", "--report", "/nonexistent-folder/r.html", "--report-limit", "0"])
        #expect(zero.status == 2)
        #expect(zero.stderr.contains("--report-limit must be at least 1 (got 0)"))
    }

    @Test("an unwritable report path fails with exit 2 and names the file")
    func unwritableReport() throws {
        let result = try Run.run(["screen", "Fixtures/sample/posts.jsonl", "--report", "/nonexistent-folder/r.html"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot write '/nonexistent-folder/r.html'"))
    }
}
