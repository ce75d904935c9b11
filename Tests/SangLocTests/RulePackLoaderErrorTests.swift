import Foundation
import SangLoc
import Testing

/// The message a user sees for a pack, or "loaded" when it loads.
func errorText(_ files: [String: String], root: String = "pack.yaml") -> String {
    do {
        _ = try loadPack(files, root: root)
        return "loaded"
    } catch {
        return error.description
    }
}

/// A pack file with one rule `scam.x`; `lines` continue the rule at line 6, column 5.
func rulePack(_ lines: String...) -> [String: String] {
    let head = "pack: p\nrules:\n  - id: scam.x\n    category: scam\n    verdict: harmful\n"
    return ["pack.yaml": head + lines.map { "    " + $0 + "\n" }.joined()]
}

@Suite("RulePackLoader: error messages")
struct RulePackLoaderErrorTests {
    @Test("errors in a rule name the place, the problem and the fix", arguments: [
        (rulePack("match: { terms: [x] }", "wieght: 0.6"),
         "pack.yaml:7:5: unknown key 'wieght' in rule 'scam.x'; did you mean 'weight'?"),
        (rulePack("match: { terms: [x] }", "colour: red"),
         "pack.yaml:7:5: unknown key 'colour' in rule 'scam.x'; expected one of id, category, verdict, weight, description, tiers, match, unless, examples"),
        (rulePack("weight: 1"),
         "pack.yaml:3:5: missing required key 'match' in rule 'scam.x'"),
        (rulePack("match: { terms: [x] }", "weight: abc"),
         "pack.yaml:7:13: weight must be a number, got 'abc'"),
        (rulePack("match: { terms: [x] }", "weight: \"0.5\""),
         "pack.yaml:7:13: weight must be a number, got '0.5'; remove the quotes"),
        (rulePack("match: { terms: [x] }", "weight: -1"),
         "pack.yaml:7:13: weight must be a number ≥ 0, got '-1'"),
        (rulePack("match: { terms: [x] }", "weight: [1]"),
         "pack.yaml:7:13: weight must be a number, got a list"),
        (rulePack("match: { terms: [x] }", "tiers: [exact, fold]"),
         "pack.yaml:7:20: unknown tier 'fold' (allowed: exact, deobfuscated, folded, stripped, teencode, folded-phrases); did you mean 'folded'?"),
        (rulePack("match: { terms: [x] }", "tiers: []"),
         "pack.yaml:7:12: tiers must not be empty; remove 'tiers:' to allow the default tiers"),
        (rulePack("match: { tems: [x] }"),
         "pack.yaml:6:14: unknown key 'tems' in the match of rule 'scam.x'; did you mean 'terms'?"),
        (rulePack("match: { regex: 'a', layer: raw }"),
         "pack.yaml:6:33: unknown layer 'raw' (allowed: canonical, bare, original)"),
        (rulePack("match: { terms: [a], layer: bare }"),
         "pack.yaml:6:26: 'layer' is only allowed beside 'regex'"),
        (rulePack("match: { terms: [a], scope: sentence }"),
         "pack.yaml:6:26: 'scope' is only allowed in an 'unless:' entry"),
        (rulePack("match: { terms: [x] }", "unless: [{ terms: [y], scope: paragraph }]"),
         "pack.yaml:7:35: unknown scope 'paragraph' (allowed: post, sentence)"),
        (rulePack("match: { terms: [] }"),
         "pack.yaml:6:21: terms has no terms; add at least one term"),
        (rulePack("match: { terms: [a, '  '] }"),
         "pack.yaml:6:25: each term of terms must not be empty"),
        (rulePack("match: { terms: scam_term }"),
         "pack.yaml:6:21: unknown list 'scam_term'; define it under 'lists:'"),
        (rulePack("match: { terms: [x] }", "examples: { match: [a], nomatch: [b] }"),
         "pack.yaml:7:29: unknown key 'nomatch' in the examples of rule 'scam.x'; did you mean 'no_match'?"),
        (rulePack("match: { terms: [x] }", "examples: { match: [{ text: a, posted_at: yesterday }] }"),
         "pack.yaml:7:47: posted_at must be an ISO 8601 date-time with a time zone or Unix seconds, got 'yesterday'; e.g. '2026-11-20T22:30:00+07:00' or 1795000000"),
        (rulePack("match: { count: { atleast: 2, terms: [x] } }"),
         "pack.yaml:6:23: unknown key 'atleast' in count in the match of rule 'scam.x'; did you mean 'at_least'?"),
        (rulePack("match: { near: { terms: [a], with: [b], within: 0 } }"),
         "pack.yaml:6:53: near.within must be at least 1, got 0"),
        (rulePack("match: { any: [] }"),
         "pack.yaml:6:19: any must list at least one condition"),
        (rulePack("match: [terms, x]"),
         "pack.yaml:6:12: a condition must be a mapping such as 'terms: [...]' or 'regex: ...', got a list; condition keys: terms, regex, link_domain, near, count, all, any, not, author, platform, posted_at"),
        (rulePack("match: { layer: bare }"),
         "pack.yaml:6:14: 'layer' is only allowed beside 'regex'"),
        (rulePack("match: {}"),
         "pack.yaml:6:12: the condition in the match of rule 'scam.x' has no condition key; use one of terms, regex, link_domain, near, count, all, any, not, author, platform, posted_at"),
        (rulePack("match: { link_domain: [https://vnexpress.net/a] }"),
         "pack.yaml:6:28: 'https://vnexpress.net/a' is not a domain; write the host name only, e.g. 'vnexpress.net'"),
    ])
    func ruleErrors(files: [String: String], expected: String) {
        #expect(errorText(files) == expected)
    }

    @Test("verdicts, weekdays and times list the allowed values", arguments: [
        ("verdict: harmfull", "pack.yaml:5:14: unknown verdict 'harmfull' (allowed: harmful, unverified, verified, none); did you mean 'harmful'?"),
        ("verdict: bad", "pack.yaml:5:14: unknown verdict 'bad' (allowed: harmful, unverified, verified, none)"),
        ("verdict: harmful\n    match: { posted_at: { weekdays: [mon, tues] } }",
         "pack.yaml:6:43: unknown weekday 'tues' (allowed: mon, tue, wed, thu, fri, sat, sun, full names, 1-7 for Monday-Sunday, or a range such as mon-fri); did you mean 'tue'?"),
        ("verdict: harmful\n    match: { posted_at: { weekdays: 8 } }",
         "pack.yaml:6:37: unknown weekday '8' (allowed: mon, tue, wed, thu, fri, sat, sun, full names, 1-7 for Monday-Sunday, or a range such as mon-fri)"),
        ("verdict: harmful\n    match: { posted_at: { from: \"25:00\" } }",
         "pack.yaml:6:33: posted_at.from must be a time of day HH:MM from 00:00 to 23:59, got '25:00'; quote it to be safe: from: \"22:00\""),
        ("verdict: harmful\n    match: { posted_at: { to: 6pm } }",
         "pack.yaml:6:31: posted_at.to must be a time of day HH:MM from 00:00 to 24:00, got '6pm'; quote it to be safe: to: \"22:00\""),
        ("verdict: harmful\n    match: { posted_at: { from: \"22:00\", time_zone: Asia/Hanoi } }",
         "pack.yaml:6:53: unknown time zone 'Asia/Hanoi'; use an IANA name such as 'Asia/Ho_Chi_Minh' or 'UTC'"),
        ("verdict: harmful\n    match: { posted_at: { time_zone: UTC } }",
         "pack.yaml:6:25: posted_at needs 'weekdays', 'from' or 'to'"),
    ])
    func enumerationErrors(tail: String, expected: String) {
        let yaml = "pack: p\nrules:\n  - id: scam.x\n    category: scam\n    " + tail + "\n    match: { terms: [x] }\n"
        // The second `match:` only appears when `tail` has none; a duplicate key would be an error of its own.
        let text = tail.contains("match:") ? yaml.replacingOccurrences(of: "\n    match: { terms: [x] }\n", with: "\n") : yaml
        #expect(errorText(["pack.yaml": text]) == expected)
    }

    @Test("pack-level problems", arguments: [
        ("rules: []\n", "pack.yaml:1:1: missing required key 'pack' at the top level; name the pack, e.g. 'pack: default'"),
        ("pack: p\nrule:\n  - { id: a }\n", "pack.yaml:2:1: unknown key 'rule' at the top level; did you mean 'rules'?"),
        ("pack: p\n", "pack.yaml:1:1: pack 'p' has no rules; add 'rules:' or 'include:' files that have them"),
        ("", "pack.yaml:1:1: the file is empty; a pack file is a mapping with at least 'pack:' and 'rules:'"),
        ("- a\n- b\n", "pack.yaml:1:1: a pack file must be a mapping, got a list"),
        ("pack: p\nrules:\n  - id: a\n   verdict: harmful\n",
         "pack.yaml:4:4: YAML syntax error: did not find expected '-' indicator (while parsing a block collection at 3:3)"),
        ("pack: p\nrules: [\n", "pack.yaml:3:1: YAML syntax error: did not find expected node content (while parsing a flow node at 3:1)"),
        ("pack: p\npack: q\n", "pack.yaml:1:1: duplicate key 'pack' in one mapping; each key may appear once"),
        ("pack: p\n---\npack: q\n", "pack.yaml:2:1: a pack file holds one YAML document, but another starts here; remove the '---' line or split the file and use 'include:'"),
        ("pack: p\nrules:\n  - { id: a.one, category: a, verdict: harmful, match: { terms: [x] } }\n  - { id: a.one, category: a, verdict: harmful, match: { terms: [y] } }\n",
         "pack.yaml:4:5: duplicate rule id 'a.one' (first defined at pack.yaml:3:5); rule ids must be unique across the pack and its includes"),
        ("pack: p\nrules:\n  - { verdict: harmful, match: { terms: [x] } }\n", "pack.yaml:3:5: missing required key 'id' in rule #1"),
        ("pack: p\nrules:\n  - { idd: x, verdict: harmful, match: { terms: [x] } }\n", "pack.yaml:3:7: unknown key 'idd' in rule #1; did you mean 'id'?"),
        ("pack: p\nrules:\n  - { id: x, verdict: harmful, match: { terms: [x] } }\n",
         "pack.yaml:3:5: missing required key 'category' in rule 'x'; add 'category:', or name the rule '<category>.<name>'"),
        ("pack: p\nlists:\n  scam_terms: [a]\n  money: [b]\nrules:\n  - { id: a.b, verdict: harmful, match: { terms: scam_term } }\n",
         "pack.yaml:6:50: unknown list 'scam_term'; did you mean 'scam_terms'?"),
        ("pack: p\nlists:\n  money: [b]\nrules:\n  - { id: a.b, verdict: harmful, match: { terms: words } }\n",
         "pack.yaml:5:50: unknown list 'words'; define it under 'lists:' (defined: money)"),
        ("pack: p\nlists:\n  money: []\nrules: []\n", "pack.yaml:3:10: list 'money' has no terms; add at least one term"),
        ("pack: p\nlists:\n  money: words.txt\nrules: []\n",
         "pack.yaml:3:10: list 'money' must be {file: path} or a list of terms, got 'words.txt'; e.g. 'money: { file: wordlists/money.txt }' or 'money: [term, other term]'"),
        ("pack: p\nlists:\n  money: { flie: m.txt }\nrules: []\n", "pack.yaml:3:12: unknown key 'flie' in list 'money'; did you mean 'file'?"),
        ("pack: p\ncategories: { scam: Scams }\nrules:\n  - { id: scm.x, verdict: harmful, match: { terms: [x] } }\n",
         "pack.yaml:4:5: unknown category 'scm' in rule 'scm.x'; did you mean 'scam'?"),
        ("pack: p\npolicy: { thresholds: { harmfull: 1 } }\nrules: []\n",
         "pack.yaml:2:25: unknown key 'harmfull' in policy.thresholds; did you mean 'harmful'?"),
        ("pack: p\npolicy: { thresholds: { harmful: 0 } }\nrules: []\n", "pack.yaml:2:34: thresholds.harmful must be a number > 0, got '0'"),
        ("pack: p\npolicy: { default: safe }\nrules: []\n", "pack.yaml:2:20: unknown verdict 'safe' (allowed: harmful, unverified, verified)"),
        ("pack: p\nteencode: { ck: [] }\nrules: []\n", "pack.yaml:2:17: teencode 'ck' has no readings; write 'ck: reading' or 'ck: [reading, other reading]'"),
    ])
    func packErrors(yaml: String, expected: String) {
        #expect(errorText(["pack.yaml": yaml]) == expected)
    }

    @Test("duplicate list names across includes name both places")
    func duplicateList() {
        let text = errorText([
            "pack.yaml": "pack: p\ninclude: [other.yaml]\nlists:\n  words: [a]\nrules: []\n",
            "other.yaml": "lists:\n  words: [b]\n",
        ])
        #expect(text == "pack.yaml:4:3: duplicate list 'words' (first defined at other.yaml:2:3); list names must be unique across the pack and its includes")
    }

    @Test("duplicate rule ids across includes name both files")
    func duplicateRuleAcrossFiles() {
        let text = errorText([
            "pack.yaml": "pack: p\ninclude: [other.yaml]\nrules:\n  - { id: a.x, verdict: harmful, match: { terms: [a] } }\n",
            "other.yaml": "rules:\n  - { id: a.x, verdict: harmful, match: { terms: [a] } }\n",
        ])
        #expect(text == "pack.yaml:4:5: duplicate rule id 'a.x' (first defined at other.yaml:2:5); rule ids must be unique across the pack and its includes")
    }

    @Test("includes that differ on policy, without a policy in the including file, are an error")
    func conflictingPolicies() {
        let text = errorText([
            "pack.yaml": "pack: p\ninclude: [a.yaml, b.yaml]\nrules:\n  - { id: a.x, verdict: harmful, match: { terms: [a] } }\n",
            "a.yaml": "policy: { default: verified }\n",
            "b.yaml": "policy: { default: unverified }\n",
        ])
        #expect(text == "pack.yaml:1:1: included files set different policies (a.yaml:1:9 and b.yaml:1:9); set 'policy:' in this file to decide")
    }

    @Test("a missing include names the path looked in")
    func missingInclude() {
        let text = errorText(["packs/pack.yaml": "pack: p\ninclude:\n  - scam.yaml\nrules: []\n"], root: "packs/pack.yaml")
        #expect(text == "packs/pack.yaml:3:5: included file 'packs/scam.yaml' not found (looked in packs/scam.yaml)")
    }

    @Test("an include cycle shows the whole chain")
    func includeCycle() throws {
        let root = packFixtures + "/cycle/a.yaml"
        let error = try #require(throws: RulePackError.self) { try RulePackLoader.load(path: root) }
        let b = packFixtures + "/cycle/b.yaml"
        #expect(error.description == "\(b):2:5: include cycle: \(root) → \(b) → \(root); remove one of these includes")
    }

    @Test("a missing wordlist names the absolute path looked in")
    func missingWordlist() throws {
        let directory = FileManager.default.currentDirectoryPath
        let error = try #require(throws: RulePackError.self) {
            try RulePackLoader.load(yaml: "pack: p\nlists:\n  w: { file: wordlists/x.txt }\nrules: []\n", name: "rules.yaml")
        }
        #expect(error.description == "rules.yaml:3:14: wordlist 'wordlists/x.txt' not found (looked in wordlists/x.txt)")

        let root = packFixtures + "/design/missing.yaml"
        #expect(root.hasPrefix("/"))
        let onDisk = try #require(throws: RulePackError.self) { try RulePackLoader.load(path: "Fixtures/../Fixtures/packs/nope.yaml") }
        #expect(onDisk.description == "pack file 'Fixtures/packs/nope.yaml' not found (looked in \(directory)/Fixtures/packs/nope.yaml)")
    }

    @Test("a wordlist that is not UTF-8 is reported at the line of the first bad byte")
    func wordlistNotUTF8() throws {
        let error = try #require(throws: RulePackError.self) {
            try RulePackLoader.load(path: packFixtures + "/bad-utf8/pack.yaml")
        }
        #expect(error.description == "\(packFixtures)/bad-utf8/wordlists/latin1.txt:3:2: wordlist is not valid UTF-8 (byte 0xE0); save the file as UTF-8")
    }

    @Test("an empty wordlist is an error at the list that names it")
    func emptyWordlist() {
        let text = errorText([
            "pack.yaml": "pack: p\nlists:\n  w: { file: w.txt }\nrules: []\n",
            "w.txt": "# only comments\n\n   \n",
        ])
        #expect(text == "pack.yaml:3:14: wordlist 'w.txt' has no terms; write one term per line in w.txt")
    }
}
