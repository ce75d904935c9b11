import Foundation
import SangLoc
import Testing

/// The repository's `Fixtures/packs` folder.
let packFixtures = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/packs").path

/// A compact rendering of a condition tree, so tests can compare whole trees at once.
func render(_ condition: Condition) -> String {
    func source(_ terms: TermSource) -> String {
        switch terms {
        case .inline(let terms): "[" + terms.map(\.text).joined(separator: ", ") + "]"
        case .list(let name, _): "@" + name
        }
    }
    switch condition.kind {
    case .terms(let terms): return "terms \(source(terms))"
    case .regex(let pattern, let layer): return "regex(\(layer)) \(pattern)"
    case .linkDomain(let domains): return "link_domain \(source(domains))"
    case .near(let first, let second, let within): return "near(\(within)) \(source(first)) \(source(second))"
    case .count(let inner, let atLeast): return "count(≥\(atLeast)) {\(render(inner))}"
    case .all(let conditions): return "all{" + conditions.map(render).joined(separator: "; ") + "}"
    case .any(let conditions): return "any{" + conditions.map(render).joined(separator: "; ") + "}"
    case .not(let inner): return "not{\(render(inner))}"
    case .author(let authors): return "author \(source(authors))"
    case .platform(let platforms): return "platform [\(platforms.joined(separator: ", "))]"
    case .postedAt(let window):
        return "posted_at \(window.weekdays.sorted()) \(window.from.map(String.init) ?? "-")..\(window.to.map(String.init) ?? "-") \(window.timeZone)"
    }
}

/// Loads a pack made of in-memory files whose root is `pack.yaml`.
func loadPack(_ files: [String: String], root: String = "pack.yaml") throws(RulePackError) -> RulePack {
    try RulePackLoader.load(path: root, source: InMemoryPackSource(files: files))
}

@Suite("RulePackLoader: packs that load")
struct RulePackLoaderTests {
    @Test("the docs/design.md §4 pack loads from disk as written, with includes and wordlists")
    func designPack() throws {
        let root = packFixtures + "/design/default.yaml"
        let pack = try RulePackLoader.load(path: root)
        #expect(pack.name == "default")
        #expect(pack.version == "1")
        #expect(pack.rules.map(\.id) == ["scam.terms", "abuse.threat", "scam.bank-transfer", "source.trusted-link"])
        #expect(pack.files == [
            root, packFixtures + "/design/scam.yaml", packFixtures + "/design/abuse.yaml",
            packFixtures + "/design/wordlists/scam.txt", packFixtures + "/design/wordlists/trusted-domains.txt",
        ])
        #expect(pack.policy == Policy(harmful: 1.0, unverified: 0.5, verified: 0.5, defaultVerdict: .verified))

        let transfer = try #require(pack.rules.first { $0.id == "scam.bank-transfer" })
        #expect(transfer.verdict == .harmful)
        #expect(transfer.weight == 0.6)
        #expect(transfer.category == "scam")
        #expect(transfer.location == SourceLocation(file: root, line: 8, column: 5))
        #expect(render(transfer.match) == #"all{terms [chuyển khoản, số tài khoản, stk]; regex(canonical) \b\d{9,14}\b}"#)
        #expect(transfer.unless.map { render($0.condition) } == ["terms [cảnh báo lừa đảo, cảnh giác]"])
        #expect(transfer.unless.map(\.scope) == [.post])
        #expect(transfer.examples.match.map(\.post.text) == ["ck 500k vào stk 0123456789 để nhận quà"])
        #expect(transfer.examples.noMatch.map(\.post.text) == ["Cảnh báo lừa đảo: đừng chuyển khoản cho người lạ"])
        #expect(transfer.examples.match.first?.location == SourceLocation(file: root, line: 20, column: 15))

        // `source.trusted-link` has no `category:`; it takes the id's prefix.
        let trusted = try #require(pack.rules.last)
        #expect(trusted.category == "source")
        #expect(trusted.weight == 1.0)
        #expect(trusted.tiers == nil)
        #expect(render(trusted.match) == "link_domain @trusted_domains")
    }

    @Test("wordlists: comments, blank lines, trailing comments, \\# escapes; terms located by line and column")
    func wordlist() throws {
        let pack = try RulePackLoader.load(path: packFixtures + "/design/default.yaml")
        let scam = try #require(pack.lists["scam_terms"])
        #expect(scam.terms.map(\.text) == ["lừa đảo", "nhận quà miễn phí", "trúng thưởng", "#lừađảo"])
        let wordlist = packFixtures + "/design/wordlists/scam.txt"
        #expect(scam.file == wordlist)
        #expect(scam.terms.map(\.location) == [
            SourceLocation(file: wordlist, line: 2, column: 1), SourceLocation(file: wordlist, line: 3, column: 3),
            SourceLocation(file: wordlist, line: 5, column: 1), SourceLocation(file: wordlist, line: 6, column: 1),
        ])
        #expect(pack.lists["threats"]?.terms.map(\.text) == ["giết mày", "đánh chết"])
    }

    @Test("a wordlist keeps the normalization form it was written in; CRLF line ends are fine")
    func wordlistForms() throws {
        let decomposed = "lu\u{300}a đa\u{309}o"
        let pack = try loadPack([
            "pack.yaml": "pack: p\nlists: { w: { file: w.txt } }\nrules: [{ id: p.r, category: c, verdict: harmful, match: { terms: w } }]\n",
            "w.txt": "\u{FEFF}\(decomposed)\r\n\r\n  c#  \r\nnhận quà #1\r\n",
        ])
        #expect(pack.lists["w"]?.terms.map(\.text) == [decomposed, "c#", "nhận quà"])
        #expect(pack.lists["w"]?.terms.first?.text.unicodeScalars.count == decomposed.unicodeScalars.count)
    }

    @Test("every condition key reads into its Condition.Kind")
    func everyCondition() throws {
        let yaml = """
            pack: all-conditions
            lists:
              scam_terms: [lừa đảo]
              money: [chuyển khoản, "ck"]
              trusted_authors: [Báo Tuổi Trẻ]
            rules:
              - id: t.all
                category: t
                verdict: unverified
                match:
                  any:
                    - terms: scam_terms
                    - regex: 'lua\\s*dao'
                      layer: bare
                    - link_domain: [vnexpress.net, chinhphu.vn]
                    - near: { terms: money, with: [số tài khoản, stk], within: 3 }
                    - near: { terms: [a], with: [b] }
                    - count: { at_least: 2, terms: [ck] }
                    - not: { platform: facebook }
                    - author: trusted_authors
                    - platform: [zalo, tiktok]
                    - posted_at: { weekdays: mon-fri, from: "22:00", to: 06:00, time_zone: UTC }
                    - posted_at: { weekdays: [sat, 7, fri-mon] }
                    - posted_at: { from: "08:30", to: "24:00" }
                    - terms: [x]
                      regex: y
            """
        let pack = try RulePackLoader.load(yaml: yaml)
        #expect(render(pack.rules[0].match) == """
            any{terms @scam_terms; regex(bare) lua\\s*dao; link_domain [vnexpress.net, chinhphu.vn]; \
            near(3) @money [số tài khoản, stk]; near(5) [a] [b]; count(≥2) {terms [ck]}; not{platform [facebook]}; \
            author @trusted_authors; platform [zalo, tiktok]; posted_at [1, 2, 3, 4, 5] 1320..360 UTC; \
            posted_at [1, 5, 6, 7] -..- Asia/Ho_Chi_Minh; posted_at [] 510..- Asia/Ho_Chi_Minh; all{terms [x]; regex(canonical) y}}
            """)
        let term = try #require(pack.lists["money"]?.terms.last)
        #expect(term.location == SourceLocation(file: "<inline>", line: 4, column: 25))
    }

    @Test("rule fields: weight, tiers, description, unless scopes and rich examples")
    func ruleFields() throws {
        let yaml = """
            pack: fields
            version: "2026.11"
            description: Test pack
            categories:
              scam: Scams and fraud
              rumor: { description: Rumors }
            teencode:
              ck: [chồng, chuyển khoản]
              stk: số tài khoản
            rules:
              - id: scam.x
                category: scam
                verdict: harmful
                weight: 2
                description: A rule
                tiers: [exact, folded]
                match: { terms: [lừa đảo] }
                unless:
                  terms: [cảnh báo]
                  scope: sentence
                examples:
                  match:
                    - text: xem link
                      links: [https://example.com/a]
                      author: Ai đó
                      platform: zalo
                      posted_at: 2026-11-20T22:30:00+07:00
                    - { text: b, posted_at: 1795000000 }
                  no_match: []
              - id: rumor.y
                category: rumor
                verdict: unverified
                weight: 0
                tiers: teencode
                match: { terms: [nghe nói] }
                unless:
                  - { terms: [a] }
                  - { terms: [b], scope: post }
            policy:
              thresholds: { harmful: 2, verified: 0.25 }
              default: unverified
            """
        let pack = try RulePackLoader.load(yaml: yaml, name: "fields.yaml")
        #expect(pack.version == "2026.11")
        #expect(pack.description == "Test pack")
        #expect(pack.categories["scam"]?.description == "Scams and fraud")
        #expect(pack.categories["rumor"]?.description == "Rumors")
        #expect(pack.teencode.map(\.form) == ["ck", "stk"])
        #expect(pack.teencode.map(\.readings) == [["chồng", "chuyển khoản"], ["số tài khoản"]])
        #expect(pack.policy == Policy(harmful: 2, unverified: 0.5, verified: 0.25, defaultVerdict: .unverified))

        let scam = pack.rules[0]
        #expect(scam.weight == 2)
        #expect(scam.description == "A rule")
        #expect(scam.tiers == [.exact, .folded])
        #expect(scam.unless.map(\.scope) == [.sentence])
        #expect(scam.unless.map { render($0.condition) } == ["terms [cảnh báo]"])
        let rich = try #require(scam.examples.match.first?.post)
        #expect(rich.links == ["https://example.com/a"])
        #expect(rich.author == "Ai đó")
        #expect(rich.platform == "zalo")
        #expect(rich.postedAt == Date(timeIntervalSince1970: 1_795_188_600))
        #expect(scam.examples.match.last?.post.postedAt == Date(timeIntervalSince1970: 1_795_000_000))
        #expect(scam.examples.match.map(\.post.id) == ["scam.x match #1", "scam.x match #2"])

        let rumor = pack.rules[1]
        #expect(rumor.weight == 0)
        #expect(rumor.tiers == [.teencode])
        #expect(rumor.unless.map(\.scope) == [.post, .post])
    }

    @Test("includes: depth-first order, a file included twice loads once, the root's policy wins")
    func includes() throws {
        let files = [
            "packs/root.yaml": """
                pack: root
                include: [a.yaml, sub/b.yaml]
                rules: [{ id: root.r, category: c, verdict: harmful, match: { terms: shared } }]
                policy: { default: unverified }
                """,
            "packs/a.yaml": """
                include: [sub/b.yaml]
                lists: { shared: [x] }
                rules: [{ id: a.r, category: c, verdict: harmful, match: { terms: [a] } }]
                policy: { thresholds: { harmful: 3 } }
                """,
            "packs/sub/b.yaml": """
                lists: { b_terms: { file: ../wordlists/b.txt } }
                rules: [{ id: b.r, category: c, verdict: harmful, match: { terms: b_terms } }]
                """,
            "packs/wordlists/b.txt": "bê\n",
        ]
        let pack = try loadPack(files, root: "packs/root.yaml")
        #expect(pack.rules.map(\.id) == ["b.r", "a.r", "root.r"])
        #expect(pack.files == ["packs/root.yaml", "packs/a.yaml", "packs/sub/b.yaml", "packs/wordlists/b.txt"])
        #expect(pack.policy == Policy(defaultVerdict: .unverified))
        #expect(pack.lists["b_terms"]?.terms.first?.location == SourceLocation(file: "packs/wordlists/b.txt", line: 1, column: 1))
    }

    @Test("without a policy of its own, a pack takes its includes' policy")
    func includedPolicy() throws {
        let pack = try loadPack([
            "pack.yaml": "pack: p\ninclude: [policy.yaml]\nrules: [{ id: p.r, category: c, verdict: harmful, match: { terms: [x] } }]\n",
            "policy.yaml": "policy: { thresholds: { harmful: 3 } }\n",
        ])
        #expect(pack.policy.harmful == 3)
    }

    @Test("YAML aliases are resolved")
    func aliases() throws {
        let pack = try RulePackLoader.load(yaml: """
            pack: aliases
            lists:
              money: &money [chuyển khoản, stk]
            rules:
              - { id: a.one, category: a, verdict: harmful, match: { terms: *money } }
            """)
        #expect(render(pack.rules[0].match) == "terms [chuyển khoản, stk]")
    }
}

@Suite("RulePackLoader: docs/rule-packs.md")
struct RulePackDocsTests {
    @Test("the whole-pack example in docs/rule-packs.md loads")
    func documentedPack() throws {
        let docs = try String(contentsOfFile: packFixtures + "/../../docs/rule-packs.md", encoding: .utf8)
        let start = try #require(docs.range(of: "```yaml\npack: default"))
        let end = try #require(docs.range(of: "```\n", range: start.upperBound..<docs.endIndex))
        let yaml = String(docs[docs.index(start.lowerBound, offsetBy: 8)..<end.lowerBound])
        let pack = try loadPack([
            "pack.yaml": yaml,
            "scam.yaml": "rules: []\n",
            "abuse.yaml": "rules: []\n",
            "wordlists/scam.txt": "lừa đảo\n",
        ])
        #expect(pack.version == "2026.11")
        #expect(pack.rules.map(\.id) == ["scam.bank-transfer", "source.trusted-link"])
        #expect(pack.rules[0].unless.map(\.scope) == [.sentence])
        #expect(pack.rules[0].tiers == [.exact, .deobfuscated, .teencode])
    }
}
