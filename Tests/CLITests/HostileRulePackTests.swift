import Foundation
import Testing

/// `sangloc` with hostile rule packs: catastrophic regexes are stopped by the PCRE2 limits
/// and reported per post; huge wordlists compile in bounded time and memory; broken packs
/// (cycles, missing or non-UTF-8 files, alias bombs) stop with a message naming the place.
///
/// The loader's own tests (`RulePackLoaderErrorTests`, `RulePackLoaderLimitsTests`) check the
/// messages in detail; these check what the user sees from the binary: exit code, stderr, and
/// that it returns promptly.
@Suite("sangloc with hostile rule packs")
struct HostileRulePackTests {
    /// Regexes that backtrack catastrophically on a failing match. `(a+)+$` and `(a|aa)+$`
    /// read the original text: the canonical layer squeezes runs of one letter.
    static let catastrophicPack = """
        pack: catastrophic
        version: "1"
        categories:
          spam: Spam
        rules:
          - id: spam.nested-plus
            category: spam
            verdict: harmful
            weight: 1.0
            match: { regex: '(a+)+$', layer: original }
          - id: spam.repeated-dot-star
            category: spam
            verdict: unverified
            weight: 0.5
            match: { regex: '(.*a){20}' }
          - id: spam.plain
            category: spam
            verdict: harmful
            weight: 1.0
            match: { terms: [lừa đảo] }
        policy:
          thresholds: { harmful: 1.0, unverified: 0.5 }
          default: verified

        """

    @Test("catastrophic regexes: each post gets a failure entry instead of a hang; other rules still fire")
    func catastrophicRegexes() throws {
        let folder = try SanglocProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pack = folder.appendingPathComponent("catastrophic.yaml")
        try Self.catastrophicPack.write(to: pack, atomically: true, encoding: .utf8)
        // 40 a's and a '!' (2⁴⁰ ways to split for `(a+)+$`), then alternating "xa " words
        // (`(.*a){20}` with only 19 a's to find) across 20 kB.
        let posts = [
            ["id": "nested", "text": String(repeating: "a", count: 40) + "!"],
            ["id": "dots", "text": String(repeating: "xa ", count: 19) + String(repeating: "y", count: 20_000)],
            ["id": "plain", "text": "lừa đảo"],
        ]
        let input = folder.appendingPathComponent("posts.jsonl")
        try posts.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: .sortedKeys), as: UTF8.self) + "\n" }
            .joined().write(to: input, atomically: true, encoding: .utf8)

        let run = try MeasuredRun.sangloc(["screen", input.path, "--rules", pack.path], timeout: 60)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.seconds < 30, "the PCRE2 limits stop each match: took \(run.seconds) s")
        let records = run.records
        try #require(records.count == 3)
        func failedRules(_ record: [String: Any]) -> [String] {
            ((record["failures"] as? [[String: Any]]) ?? []).compactMap { $0["rule"] as? String }
        }
        #expect(failedRules(records[0]).contains("spam.nested-plus"), "\(records[0])")
        #expect(failedRules(records[1]).contains("spam.repeated-dot-star"), "\(records[1])")
        let message = ((records[0]["failures"] as? [[String: Any]])?.first?["message"] as? String) ?? ""
        #expect(message.contains("regex '(a+)+$' stopped") && message.contains("match limit"), "\(message)")
        #expect(records[2]["verdict"] as? String == "harmful")
        #expect(run.stderr.contains("rule failures:"), "\(run.stderr)")
    }

    @Test("rules lint warns about both catastrophic patterns, at their place")
    func lintWarns() throws {
        let folder = try SanglocProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pack = folder.appendingPathComponent("catastrophic.yaml")
        try Self.catastrophicPack.write(to: pack, atomically: true, encoding: .utf8)
        let run = try MeasuredRun.sangloc(["rules", "lint", pack.path], timeout: 60)
        let output = run.stderr + String(decoding: run.stdout, as: UTF8.self)
        #expect(output.contains("catastrophic.yaml:10:14: warning: regex '(a+)+$' may backtrack catastrophically"), "\(output)")
        #expect(output.contains("catastrophic.yaml:15:14: warning: regex '(.*a){20}' may backtrack catastrophically"), "\(output)")
        #expect(output.contains("possessive"), "the warning says how to fix it")
    }

    /// Terms in the wordlist: `$SANGLOC_WORDLIST_TERMS`, or 100,000 (about 5 s in a debug
    /// build). 1,000,000 was measured by hand (CONTRIBUTING.md, "Hostile inputs").
    static let wordlistTerms = Int(ProcessInfo.processInfo.environment["SANGLOC_WORDLIST_TERMS"] ?? "") ?? 100_000

    /// `count` distinct two-syllable Vietnamese terms, one a line.
    static func wordlist(_ count: Int) -> String {
        let onsets = ["b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x", "ch", "kh", "ng", "nh"]
        let vowels = ["a", "á", "à", "ả", "ã", "ạ", "ê", "ế", "ề", "ể", "ễ", "ệ", "ơ", "ớ", "ờ", "ở", "ỡ", "ợ", "ư", "ứ", "ừ", "ử", "ữ", "ự",
                      "ô", "ố", "ồ", "ổ", "ỗ", "ộ", "i", "í", "ì", "ỉ", "ĩ", "ị", "u", "ú", "ù", "ủ", "ũ", "ụ"]
        let syllables = onsets.flatMap { onset in vowels.map { onset + $0 } }
        var lines: [String] = []
        lines.reserveCapacity(count)
        outer: for first in syllables {
            for second in syllables {
                lines.append(first + " " + second)
                if lines.count == count { break outer }
            }
        }
        precondition(lines.count == count, "only \(lines.count) distinct terms")
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("a huge wordlist compiles within bounded time and memory, and its terms match")
    func hugeWordlist() throws {
        let folder = try SanglocProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let count = Self.wordlistTerms
        try Self.wordlist(count).write(to: folder.appendingPathComponent("terms.txt"), atomically: true, encoding: .utf8)
        let pack = folder.appendingPathComponent("big.yaml")
        try """
            pack: big
            version: "1"
            categories:
              spam: Spam
            lists:
              many: { file: terms.txt }
            rules:
              - { id: spam.many, category: spam, verdict: harmful, weight: 1.0, match: { terms: many } }
            policy:
              thresholds: { harmful: 1.0, unverified: 0.5 }
              default: verified

            """.write(to: pack, atomically: true, encoding: .utf8)
        let input = folder.appendingPathComponent("posts.jsonl")
        try #"{"id":"a","text":"ba bá rồi đi"}"#.appending("\n").write(to: input, atomically: true, encoding: .utf8)

        // Debug build, measured: 100,000 terms in 4.3 s and 72 MB; 1,000,000 in 42 s and 420 MB.
        // Bounds: 60 s + 0.5 ms per term (a loaded machine); the baseline run's memory (the
        // default pack, 40 MB) + 60 MB + 600 bytes per term.
        let timeLimit = 60 + Double(count) / 2_000
        let run = try MeasuredRun.sangloc(["screen", input.path, "--rules", pack.path], timeout: timeLimit + 10)
        print("wordlist of \(count) terms: \(String(format: "%.2f", run.seconds)) s, peak RSS \(run.peakMegabytes) MB")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.seconds < timeLimit)
        #expect(run.peakKilobytes < MeasuredRun.peakLimitKilobytes(allowanceMegabytes: 60) + count * 600 / 1024 * MeasuredRun.memoryFactor,
                "\(run.memoryReport)")
        let records = run.records
        try #require(records.count == 1)
        #expect(records[0]["verdict"] as? String == "harmful", "the wordlist's first term 'ba bá' matches")
    }

    struct BrokenPack: CustomTestStringConvertible, Sendable {
        var name: String
        /// Files written into a fresh folder (relative path → bytes); the root is `pack.yaml`
        /// unless `root` names a fixture.
        var files: [String: [UInt8]]
        var root: String
        var message: String
        var testDescription: String { name }
    }

    /// A "billion laughs" pack: each `unless` entry is an `any` of ten aliases of the one
    /// before, so the ninth stands for 10⁹ conditions.
    static var aliasBomb: [UInt8] {
        var yaml = "pack: bomb\nrules:\n  - id: b.x\n    verdict: harmful\n    match: &c0 { terms: [lol] }\n    unless:\n"
        for level in 1...9 {
            yaml += "      - &c\(level) { any: [" + Array(repeating: "*c\(level - 1)", count: 10).joined(separator: ", ") + "] }\n"
        }
        return Array(yaml.utf8)
    }

    static let brokenPacks: [BrokenPack] = [
        BrokenPack(name: "an include cycle", files: [:], root: "Fixtures/packs/cycle/a.yaml",
                   message: "Fixtures/packs/cycle/b.yaml:2:5: include cycle: Fixtures/packs/cycle/a.yaml → Fixtures/packs/cycle/b.yaml → Fixtures/packs/cycle/a.yaml; remove one of these includes"),
        BrokenPack(name: "a wordlist that is not UTF-8", files: [:], root: "Fixtures/packs/bad-utf8/pack.yaml",
                   message: "Fixtures/packs/bad-utf8/wordlists/latin1.txt:3:2: wordlist is not valid UTF-8 (byte 0xE0); save the file as UTF-8"),
        BrokenPack(name: "a missing wordlist",
                   files: ["pack.yaml": Array("pack: p\nlists:\n  words: { file: nowhere.txt }\nrules:\n  - { id: p.a, category: p, verdict: harmful, match: { terms: words } }\n".utf8)],
                   root: "pack.yaml", message: "pack.yaml:3:18: wordlist 'nowhere.txt' not found (looked in "),
        BrokenPack(name: "a missing include", files: ["pack.yaml": Array("pack: p\ninclude: [gone.yaml]\n".utf8)],
                   root: "pack.yaml", message: "gone.yaml"),
        BrokenPack(name: "a pack file that is not UTF-8", files: ["pack.yaml": Array("pack: p\n".utf8) + [0x23, 0xFF, 0xFE, 0x0A]],
                   root: "pack.yaml", message: "pack.yaml"),
        BrokenPack(name: "a YAML alias bomb", files: ["pack.yaml": aliasBomb], root: "pack.yaml",
                   message: "the pack expands to more than 1000000 YAML nodes"),
    ]

    @Test("a broken pack stops the run with exit 2 and a message naming the place", arguments: brokenPacks)
    func brokenPack(_ broken: BrokenPack) throws {
        let folder = try SanglocProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (path, bytes) in broken.files { try Data(bytes).write(to: folder.appendingPathComponent(path)) }
        let root = broken.files.isEmpty ? broken.root : folder.appendingPathComponent(broken.root).path
        let run = try MeasuredRun.sangloc(["screen", "Fixtures/sample/posts.jsonl", "--rules", root], timeout: 60)
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty, "nothing is screened with a broken pack")
        #expect(run.stderr.hasPrefix("error: "), "\(run.stderr)")
        #expect(run.stderr.contains(broken.message), "\(run.stderr)")
        #expect(run.seconds < 20, "took \(run.seconds) s")
        #expect(run.peakKilobytes < MeasuredRun.peakLimitKilobytes(allowanceMegabytes: 460),
                "\(run.memoryReport)")
    }
}
