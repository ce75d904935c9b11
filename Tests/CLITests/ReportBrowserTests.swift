import Foundation
import Testing

/// The review report in a real browser: headless Chromium renders the sample's page, runs its
/// script, and leaves a screenshot in `.build/report-test/report.png` to look at.
@Suite("sangloc screen --report in Chromium")
struct ReportBrowserTests {
    typealias Run = SanglocProcess

    /// The Chromium binary: `$CHROMIUM`, or `chromium` / `chromium-browser` / `google-chrome` on the PATH.
    static let chromiumPath: String? = {
        if let path = ProcessInfo.processInfo.environment["CHROMIUM"], FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }()

    /// Runs Chromium headless on `arguments`, killed after 90 s; its stdout.
    private func runChromium(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.chromiumPath))
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 90, execute: watchdog)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return String(decoding: data, as: UTF8.self)
    }

    @Test(
        "the sample's page renders its table, filters and charts; screenshot in .build/report-test",
        .enabled(if: chromiumPath != nil, "no chromium binary found (apt-get install -y chromium, or set $CHROMIUM)"))
    func renderedInChromium() throws {
        let folder = Run.packageRoot.appendingPathComponent(".build/report-test")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let page = folder.appendingPathComponent("report.html")
        let screenshot = folder.appendingPathComponent("report.png")
        try? FileManager.default.removeItem(at: screenshot)
        let result = try Run.run(["screen", "Fixtures/sample/posts.jsonl", "--output", "/dev/null", "--report", page.path])
        #expect(result.status == 0, "\(result.stderr)")

        let dom = try runChromium(["--virtual-time-budget=3000", "--dump-dom", page.absoluteString])
        #expect(dom.contains(#"data-rendered="true""#), "the page's script did not finish")
        #expect(dom.contains(#"data-rows="22""#))
        #expect(dom.contains(#"data-shown="22""#))
        #expect(dom.matches(of: /<tr class="v-(harmful|unverified)"/).count == 22)
        #expect(dom.contains(#"<span id="showing" class="showing">22 posts</span>"#))
        #expect(dom.contains(#"data-verdict="harmful" aria-pressed="false">harmful <span class="n">17</span>"#))
        #expect(dom.contains(#"data-category="scam" aria-pressed="false">scam <span class="n">7</span>"#))
        #expect(dom.matches(of: /<svg class="chart"/).count == 3)
        #expect(dom.matches(of: /<rect class="bar v-harmful"/).count >= 10)
        #expect(dom.contains("l.ừ.a đ.ả.o"), "Vietnamese text decoded as UTF-8")

        _ = try runChromium(["--screenshot=\(screenshot.path)", "--window-size=1280,2000", page.absoluteString])
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(png.count > 50_000, "a screenshot of a rendered page, not a blank one")
    }

    /// JSON lines with `flagged[d]` harmful posts and one verified post on day `d + 1` of
    /// November 2026.
    static func postsPerDay(_ flagged: [Int]) -> String {
        var lines = ""
        for (index, count) in flagged.enumerated() {
            let time = "2026-11-\(String(format: "%02d", index + 1))T10:00:00Z"
            for n in 0..<count {
                lines += #"{"id":"h\#(index)-\#(n)","text":"ck 500k vào stk 0123456789 giữ suất hết hôm nay","t":"\#(time)"}"# + "\n"
            }
            lines += #"{"id":"v\#(index)","text":"chúc mừng sinh nhật","t":"\#(time)"}"# + "\n"
        }
        return lines
    }

    @Test(
        "the daily chart's axis reads whole counts for 0, 1 and many flagged posts a day; a zero chip is styled as a chip",
        .enabled(if: chromiumPath != nil, "no chromium binary found (apt-get install -y chromium, or set $CHROMIUM)"),
        arguments: [
            ([1, 1, 1], ["0", "1"]),
            ([1, 0, 1], ["0", "1"]),
            ([0, 0], []),
            ([7, 3], ["0", "2", "4", "6", "8"]),
            ([23, 1, 0], ["0", "5", "10", "15", "20", "25"]),
        ])
    func dailyAxisInChromium(flagged: [Int], labels: [String]) throws {
        let folder = try Run.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("days.jsonl")
        try Data(Self.postsPerDay(flagged).utf8).write(to: input)
        let page = folder.appendingPathComponent("report.html")
        let result = try Run.run(["screen", input.path, "--time-field", "t", "--output", "/dev/null", "--report", page.path])
        #expect(result.status == 0, "\(result.stderr)")

        let dom = try runChromium(["--virtual-time-budget=3000", "--dump-dom", page.absoluteString])
        #expect(dom.contains(#"data-rendered="true""#), "the page's script did not finish")
        var axis: [String] = []
        if let daily = dom.firstRange(of: #"<svg class="chart daily""#) {
            let chart = dom[daily.lowerBound...].prefix { _ in true }
            let end = chart.firstRange(of: "</svg>")?.lowerBound ?? chart.endIndex
            axis = chart[..<end].matches(of: /text-anchor="end">([^<]*)</).map { String($0.output.1) }
        }
        #expect(axis == labels)
        // The unverified chip counts 0 rows: dimmed as a chip, not styled as the "no rows" message.
        #expect(dom.contains(#"class="chip v-unverified zero""#), "\(dom.matches(of: /<button[^>]*v-unverified[^>]*>/).map { String($0.output) })")
        #expect(!dom.contains(#"chip v-unverified empty"#))
    }
}
