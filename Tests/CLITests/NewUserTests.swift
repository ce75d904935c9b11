import Foundation
import Testing

/// What a new user met (issue 18), through the binary: runs that screened nothing exit 3,
/// combined packs say what they changed, times without a zone, semicolon CSV, colours, the
/// small options of `screen` and `check`, error records with `hits`, Windows-1252 mojibake.
@Suite("a new user's first runs")
struct NewUserTests {
    typealias Run = SanglocProcess

    /// Writes `files` (name → content) into a fresh folder; the caller removes it.
    static func folder(_ files: [String: String]) throws -> URL {
        let folder = try Run.temporaryFolder()
        for (name, content) in files {
            try Data(content.utf8).write(to: folder.appendingPathComponent(name))
        }
        return folder
    }

    /// A pack whose one rule needs `vay tiền` posted between 07:00 and 09:00 (Asia/Ho_Chi_Minh).
    static let morningPack = """
        pack: morning
        rules:
          - id: morning.loan
            category: scam
            verdict: harmful
            weight: 1.0
            match:
              all:
                - terms: [vay tiền]
                - posted_at: { from: "07:00", to: "09:00" }
        """

    // MARK: 1. exit codes

    @Test("a CSV whose text column has another name fails the gate: exit 3 naming the field and the columns")
    func missingTextColumnExits3() throws {
        let dir = try Self.folder(["posts.csv": "id,message\n1,lừa đảo chuyển khoản\n2,xin chào\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Run.run(["screen", dir.appendingPathComponent("posts.csv").path, "--fail-on", "harmful"])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("error: field 'text' missing from every record (fields seen: id, message)"), "\(result.stderr)")
        // With the column named, the same file screens and the gate works.
        let named = try Run.run(["screen", dir.appendingPathComponent("posts.csv").path, "--text-field", "message"])
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.records.count == 2)
    }

    @Test("an input where no record could be read exits 3 without --strict")
    func nothingScreenedExits3() throws {
        let result = try Run.run(["screen", "-", "--format", "jsonl"], stdin: Data("{broken\n[1,2]\n".utf8))
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("error: none of the 2 records could be screened"), "\(result.stderr)")
        #expect(result.records.count == 2)
    }

    @Test("an optional field missing from every record exits 3 naming the option")
    func missingTimeFieldExits3() throws {
        let result = try Run.run(
            ["screen", "-", "--format", "jsonl", "--time-field", "created"],
            stdin: Data(#"{"id":"1","text":"xin chào","time":"2026-11-20T08:15:00+07:00"}"#.utf8 + [0x0A]))
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("field 'created' (--time-field) missing from every record (fields seen: id, text, time)"), "\(result.stderr)")
    }

    // MARK: 2. combining packs

    @Test("a later pack's policy part is announced on stderr, and rules show names who set each part")
    func policyMergeIsAnnounced() throws {
        let dir = try Self.folder([
            "mine.yaml": """
                pack: mine
                policy:
                  thresholds: { harmful: 2.0 }
                rules:
                  - id: mine.rule
                    category: scam
                    verdict: harmful
                    match: { terms: [abcxyz] }
                """
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let mine = dir.appendingPathComponent("mine.yaml").path
        let screened = try Run.run(["screen", "Fixtures/sample/posts.jsonl", "--rules", "default", "--rules", mine])
        #expect(screened.status == 0, "\(screened.stderr)")
        #expect(screened.stderr.contains("warning: policy.thresholds.harmful is 2.0 from \(mine):3:26, replacing 1.0 (set at wordlists/default.yaml:"), "\(screened.stderr)")

        let shown = try Run.run(["rules", "show", "default", mine])
        #expect(shown.status == 0)
        #expect(shown.stdoutText.contains("  thresholds.harmful: 2.0 (\(mine):3:26)"), "\(shown.stdoutText)")
        // The parts mine.yaml leaves out keep the default pack's values.
        #expect(shown.stdoutText.contains("  thresholds.unverified: 0.5 (wordlists/default.yaml:"))
        #expect(shown.stdoutText.contains("  default: verified (wordlists/default.yaml:"))
        #expect(shown.stdoutText.contains("time_zone: Asia/Ho_Chi_Minh (default)"))

        // One pack alone says nothing.
        let alone = try Run.run(["screen", "Fixtures/sample/posts.jsonl", "--output", "/dev/null"])
        #expect(!alone.stderr.contains("warning: policy"))
    }

    // MARK: 3. time

    @Test("a time without a zone is read in the pack's zone, or --time-zone; an unreadable one is a warning and a failure")
    func timesWithoutZone() throws {
        let dir = try Self.folder([
            "morning.yaml": Self.morningPack,
            "times.csv": "id,text,created\n1,vay tiền nhanh,2026-11-20 08:15:00\n2,vay tiền nhanh,20/11/2026 08:15\n3,vay tiền nhanh,2026-11-20T08:15:00Z\n",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let arguments = ["screen", dir.appendingPathComponent("times.csv").path, "--rules", dir.appendingPathComponent("morning.yaml").path, "--time-field", "created"]
        let result = try Run.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let records = result.records
        // 08:15 in Ho Chi Minh City is in the window; 08:15 UTC is 15:15 there.
        #expect(records.map { $0["verdict"] as? String } == ["harmful", "verified", "verified"])
        let failures = try #require(records[1]["failures"] as? [[String: Any]])
        #expect(failures.first?["rule"] as? String == "morning.loan")
        #expect((failures.first?["message"] as? String)?.contains("'20/11/2026 08:15' could not be read") == true)
        #expect(result.stderr.contains("warning: 1 of 3 values of field 'created' are not times, such as '20/11/2026 08:15' (line 3)"), "\(result.stderr)")

        let utc = try Run.run(arguments + ["--time-zone", "UTC"])
        #expect(utc.records.first?["verdict"] as? String == "verified")
        let bad = try Run.run(arguments + ["--time-zone", "Saigon"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("unknown time zone 'Saigon'"))
    }

    @Test("a pack's time_zone is the zone of times without one")
    func packTimeZone() throws {
        let dir = try Self.folder([
            "morning.yaml": Self.morningPack.replacingOccurrences(of: "pack: morning\n", with: "pack: morning\ntime_zone: UTC\n")
                .replacingOccurrences(of: #""07:00""#, with: #""07:00", time_zone: UTC"#),
            "times.jsonl": #"{"id":"1","text":"vay tiền nhanh","t":"2026-11-20 08:15"}"# + "\n",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Run.run(["screen", dir.appendingPathComponent("times.jsonl").path, "--rules", dir.appendingPathComponent("morning.yaml").path, "--time-field", "t"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.records.first?["verdict"] as? String == "harmful")
    }

    // MARK: 4. CSV delimiter

    @Test("a semicolon CSV (Excel in a Vietnamese locale) is read by its header; a wrong --delimiter names the fix")
    func semicolonCSV() throws {
        let dir = try Self.folder(["posts.csv": "id;text\n1;ck 500k vào stk 0123456789 giữ suất hết hôm nay\n2;xin chào\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("posts.csv").path
        let result = try Run.run(["screen", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.records.map { $0["id"] as? String } == ["1", "2"])
        #expect(result.records.map { $0["verdict"] as? String } == ["harmful", "verified"])

        let forced = try Run.run(["screen", path, "--delimiter", ","])
        #expect(forced.status == 3)
        #expect(forced.stderr.contains("the header looks delimited by ';': read it with --delimiter ';'"), "\(forced.stderr)")
        #expect(!forced.stderr.contains("--text-field"))
    }

    // MARK: 5. report page (without a browser; ReportBrowserTests renders it)

    @Test("the daily chart's axis counts in whole posts")
    func dailyAxisIsWhole() throws {
        var lines = ""
        for day in 1...3 {
            lines += #"{"id":"d\#(day)","text":"ck 500k vào stk 0123456789 giữ suất hết hôm nay","t":"2026-11-0\#(day)T10:00:00Z"}"# + "\n"
        }
        let dir = try Self.folder(["days.jsonl": lines])
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("r.html")
        let result = try Run.run(["screen", dir.appendingPathComponent("days.jsonl").path, "--time-field", "t", "--output", "/dev/null", "--report", page.path])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: page, encoding: .utf8)
        let daily = try #require(html.firstRange(of: #"<svg class="chart daily""#))
        let labels = html[daily.lowerBound...].matches(of: /text-anchor="end">([^<]*)</).map { String($0.output.1) }
        #expect(labels == ["0", "1"])
    }

    // MARK: 6. colour

    @Test("check on a terminal: colours unless NO_COLOR or TERM=dumb; --color always/never decide")
    func colours() throws {
        let plain = ["PATH": "/usr/bin:/bin", "TERM": "xterm"]
        #expect(try Self.onTerminal(["check", "lừa đảo qua stk 0123456789"], environment: plain).contains("\u{1B}["))
        #expect(try !Self.onTerminal(["check", "lừa đảo"], environment: plain.merging(["NO_COLOR": "1"]) { $1 }).contains("\u{1B}"))
        #expect(try !Self.onTerminal(["check", "lừa đảo"], environment: ["TERM": "dumb"]).contains("\u{1B}"))
        #expect(try !Self.onTerminal(["check", "--color", "never", "lừa đảo"], environment: plain).contains("\u{1B}"))
        let forced = try Run.run(["check", "--color", "always", "lừa đảo"])
        #expect(forced.stdoutText.contains("\u{1B}["))
        let bad = try Run.run(["check", "--color", "sometimes", "x"])
        #expect(bad.status == 2)
    }

    /// Runs the binary on a pseudo-terminal (util-linux `script`, in Debian's essential
    /// bsdutils) with `environment`; what it wrote there.
    static func onTerminal(_ arguments: [String], environment: [String: String]) throws -> String {
        let quoted = ([try Run.binary().path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: #"'\''"#) + "'" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", quoted.joined(separator: " "), "/dev/null"]
        process.environment = environment
        process.currentDirectoryURL = Run.packageRoot
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(String(decoding: data, as: UTF8.self))")
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: 8. small things

    @Test("--fail-on takes only verdicts that can fail; --jobs' help reads once")
    func failOnAndJobsHelp() throws {
        let verified = try Run.run(["screen", "Fixtures/sample/posts.jsonl", "--fail-on", "verified"])
        #expect(verified.status == 2)
        #expect(verified.stderr.contains("--fail-on: 'verified' cannot fail a run"), "\(verified.stderr)")
        let help = try Run.run(["screen", "--help"])
        let jobs = help.stdoutText.split(separator: "\n").first { $0.contains("--jobs") } ?? ""
        #expect(jobs.contains("Workers screening concurrently (default: all cores)."))
        #expect(!help.stdoutText.contains("(default: all cores). (default:"))
    }

    @Test("check - reads the post from standard input")
    func checkReadsStandardInput() throws {
        let result = try Run.run(["check", "--json", "-"], stdin: Data("ck 500k vào stk 0123456789 giữ suất hết hôm nay\n".utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.records.first?["verdict"] as? String == "harmful")
    }

    @Test("check --author, --platform and --time reach metadata rules")
    func checkMetadata() throws {
        let author = try Run.run(["check", "--json", "--author", "Bộ Y tế", "Bộ Y tế khuyến cáo người dân tiêm nhắc lại"])
        let hits = author.records.first?["hits"] as? [[String: Any]] ?? []
        #expect(hits.contains { $0["rule"] as? String == "source.trusted-author" }, "\(author.stdoutText)")

        let dir = try Self.folder([
            "morning.yaml": Self.morningPack + """

                  - id: morning.zalo
                    category: scam
                    verdict: unverified
                    match: { platform: zalo }
                """
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let pack = dir.appendingPathComponent("morning.yaml").path
        let inWindow = try Run.run(["check", "--json", "--rules", pack, "--time", "2026-11-20 08:15", "vay tiền nhanh"])
        #expect(inWindow.records.first?["verdict"] as? String == "harmful", "\(inWindow.stdoutText)\(inWindow.stderr)")
        let outside = try Run.run(["check", "--json", "--rules", pack, "--time", "2026-11-20T08:15:00Z", "vay tiền nhanh"])
        #expect(outside.records.first?["verdict"] as? String == "verified")
        let zalo = try Run.run(["check", "--json", "--rules", pack, "--platform", "Zalo", "xin chào"])
        #expect(zalo.records.first?["verdict"] as? String == "unverified")
        let badTime = try Run.run(["check", "--rules", pack, "--time", "20/11/2026", "x"])
        #expect(badTime.status == 2)
    }

    @Test("every record has hits, error records an empty list, so tools can flatten them")
    func errorRecordsHaveHits() throws {
        let result = try Run.run(["screen", "Fixtures/e2e/broken.jsonl"])
        let records = result.records
        #expect(records.count == 4)
        #expect(records.allSatisfy { $0["hits"] is [Any] })
        #expect(result.lines[2].contains(#""error":"#) && result.lines[2].contains(#""hits":[],"source":"#), "\(result.lines[2])")
    }

    // MARK: 9. Windows-1252 mojibake

    @Test("text pasted from a Windows-1252 page is repaired like Latin-1, offsets in the text as given")
    func windows1252Mojibake() throws {
        let original = "ck 500k vào stk 0123456789 giữ suất hết hôm nay đó"
        // Each UTF-8 byte as Windows-1252 shows it: 0x91 as ‘, 0x80 as €, 0xA0 as a no-break space.
        let cp1252: [UInt8: Unicode.Scalar] = [0x80: "€", 0x91: "‘", 0x92: "’", 0x93: "“", 0x94: "”", 0x99: "™", 0x9C: "œ", 0x83: "ƒ"]
        let mojibake = String(String.UnicodeScalarView(original.utf8.map { cp1252[$0] ?? Unicode.Scalar($0) }))
        #expect(mojibake.unicodeScalars.contains { $0.value > 0xFF }, "the test text holds a Windows-1252 character")
        let result = try Run.run(["check", "--json", mojibake])
        let record = try #require(result.records.first, "\(result.stderr)")
        #expect(record["verdict"] as? String == "harmful", "\(result.stdoutText)")
        let scalars = Array(mojibake.unicodeScalars)
        for hit in record["hits"] as? [[String: Any]] ?? [] {
            for match in hit["matches"] as? [[String: Any]] ?? [] {
                let start = try #require(match["start"] as? Int), end = try #require(match["end"] as? Int)
                #expect(String(String.UnicodeScalarView(scalars[start..<end])) == match["text"] as? String)
            }
        }
    }
}
