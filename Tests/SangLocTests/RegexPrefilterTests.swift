import Foundation
@testable import SangLoc
import Testing

/// Required-literal analysis, the literal automaton, and the promise that gating regexes by
/// their literals never changes a screening.
@Suite("Regex prefilter")
struct RegexPrefilterTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct LiteralCase: Sendable, CustomTestStringConvertible {
        let pattern: String
        let clauses: Set<[String]>
        var testDescription: String { pattern }
    }

    /// The digit clause as strings, sorted as `clauseStrings` gives them.
    static let digits = RequiredLiterals.decimalDigitLiterals.sorted { $0.lexicographicallyPrecedes($1) }.map { String(decoding: $0, as: UTF8.self) }

    @Test(arguments: [
        LiteralCase(pattern: #"lừa\s+đảo"#, clauses: [["lừa"], ["đảo"]]),
        LiteralCase(pattern: #"(?:cá|ca)\s+(?:độ|do)"#, clauses: [["ca", "cá"], ["do", "độ"]]),
        LiteralCase(pattern: #"c[ờo]\s*b[ạa]c"#, clauses: [["co", "cờ"], ["bac", "bạc"]]),
        LiteralCase(pattern: #"https?://[^\s]+"#, clauses: [["http://", "https://"]]),
        LiteralCase(pattern: #"\b(?:bit\.ly|t\.me)/\w+"#, clauses: [["bit.ly/", "t.me/"]]),
        LiteralCase(pattern: #"casino|baccarat|slot\s*game"#, clauses: [["baccarat", "casino", "slot"], ["baccarat", "casino", "game"]]),
        LiteralCase(pattern: #"(?:tin|thông tin)\s+giả"#, clauses: [["tin"], ["giả"]]),
        LiteralCase(pattern: #"(?:bán|ban)?\s*súng"#, clauses: [["súng"]]),
        LiteralCase(pattern: #"ab+c"#, clauses: [["ab"], ["bc"]]),
        LiteralCase(pattern: #"xa{2}y"#, clauses: [["xa"], ["ay"]]),
        LiteralCase(pattern: #"[x-z]ab"#, clauses: [["xab", "yab", "zab"]]),
        LiteralCase(pattern: #"\bstk\b"#, clauses: [["stk"]]),
        LiteralCase(pattern: #"ab(?!x)cd"#, clauses: [["abcd"]]),
        LiteralCase(pattern: #"(?<!\d)vay(?=\s)"#, clauses: [["vay"]]),
        LiteralCase(pattern: #"(?s)tiền.+mặt"#, clauses: [["tiền"], ["mặt"]]),
        LiteralCase(pattern: #"(?>ab|cd)ef"#, clauses: [["abef", "cdef"]]),
        LiteralCase(pattern: #"\d+\s*%"#, clauses: [["%"], Self.digits]),
        // Classes that cannot be spelled break runs: `[\d]`, negated, POSIX, escapes.
        LiteralCase(pattern: #"ab[\d]cd"#, clauses: [["ab"], ["cd"]]),
        LiteralCase(pattern: #"ab[^x]cd"#, clauses: [["ab"], ["cd"]]),
        LiteralCase(pattern: #"[ .\-]ab"#, clauses: [[" ab", "-ab", ".ab"]]),
        // `\d` asks for a digit (of any script); a digit class or a longer literal ranks first.
        LiteralCase(pattern: #"[35789]\d{8}"#, clauses: [["3", "5", "7", "8", "9"]]),
        LiteralCase(pattern: #"\d{9,14}"#, clauses: [Self.digits]),
        // Both branches start with a digit: so does every match.
        LiteralCase(pattern: #"\b\d{1,2}h\d{2}\b|\b\d{1,2}:\d{2}\b"#, clauses: [Self.digits]),
    ])
    func requiredLiterals(_ example: LiteralCase) throws {
        _ = try PCRE2Pattern(example.pattern)  // every case is a valid pattern
        let found = try #require(RequiredLiterals(pattern: example.pattern))
        #expect(Set(found.clauseStrings) == example.clauses)
    }

    /// Where matches can start: known when every branch begins with literals (zero-width
    /// items before them are transparent), unknown when a match may begin elsewhere.
    @Test(arguments: [
        (#"\b\d{1,2}:\d{2}"#, Self.digits),
        (#"(?:nhận|nhan)\s+quà"#, ["nhan", "nhận"]),
        (#"(?<!\w)vay\s+tiền"#, ["vay"]),
        (#"c[ờo]\s*bạc"#, ["co", "cờ"]),
        (#"(?:ab|\d)x"#, (["ab"] + Self.digits).sorted()),
    ] as [(String, [String])])
    func startsOfMatches(_ pattern: String, _ expected: [String]) throws {
        let found = try #require(RequiredLiterals(pattern: pattern))
        let starts = try #require(found.starts)
        #expect(Set(starts.map { String(decoding: $0, as: UTF8.self) }) == Set(expected))
    }

    @Test(arguments: [#"\s*vay"#, #"(?:vay)?\s+tiền"#, #"\Gvay"#, #"\w+@gmail"#, #"[^x]bc"#])
    func noStartsWhenAMatchMayBeginElsewhere(_ pattern: String) throws {
        #expect(RequiredLiterals(pattern: pattern)?.starts == nil)
    }

    /// Patterns the analysis does not read exactly, or whose literals say little: always run.
    @Test(arguments: [
        "(?i)stk", "a(?i)bc", "(?i:stk)", "(?-i)stk", "(?x) s t k", "(?^i)stk",
        #"\Qa.b\E"#, #"\x{61}bc"#, #"\x61bc"#, #"\N{U+61}bc"#, #"\p{L}abc"#, #"\pLabc"#, #"\012abc"#, #"\cAabc"#,
        #"\o{141}bc"#, #"(ab)\1"#, #"(?<n>ab)\k<n>"#, #"(?P<n>ab)(?P=n)"#, #"(ab)(?1)"#, #"ab(?R)?"#,
        #"(ab)?(?(1)cd|ef)"#, #"ab(*ACCEPT)cd"#, #"(*UTF)abc"#, #"ab(?#note)cd"#, #"ab(?C1)cd"#, #"a{,3}bc"#,
        #"abc\Kdef"#, #"\w+"#, #"[😀-🙏]{3,}"#, #"l\W*[uừ]\W*a"#, "",
    ])
    func noLiteralsWhenUnsure(_ pattern: String) throws {
        _ = try PCRE2Pattern(pattern)
        #expect(RequiredLiterals(pattern: pattern) == nil)
    }

    /// The digit clause holds a prefix of every character PCRE2's `\d` matches (with `UCP`:
    /// every decimal digit it knows, in any script), over every Unicode scalar.
    /// The table of zeros lists exactly Unicode's decimal digits outside ASCII, each run of
    /// ten in order, and the clause is what reading every scalar's properties gives.
    @Test func digitZerosAreUnicodesDecimalDigits() {
        var fromProperties: [UInt32: Int] = [:]
        var literals = Set((0x30...0x39).map { [UInt8($0)] })
        for value in UInt32(0x80)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value), scalar.properties.numericType == .decimal,
                  let digit = scalar.properties.numericValue
            else { continue }
            fromProperties[value] = Int(digit)
            let bytes = Array(String(scalar).utf8)
            literals.insert(Array(bytes.prefix(bytes.count == 4 ? 3 : 2)))
        }
        var fromTable: [UInt32: Int] = [:]
        for zero in RequiredLiterals.decimalDigitZeros {
            for digit in 0..<10 { fromTable[zero + UInt32(digit)] = digit }
        }
        #expect(fromTable == fromProperties)
        #expect(RequiredLiterals.decimalDigitLiterals == literals)
    }

    @Test func digitClauseCoversEveryDigitPCRE2Knows() throws {
        let digit = try PCRE2Pattern(#"^\d$"#)
        let scratch = PCRE2Scratch()
        var digits = 0
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let bytes = Array(String(scalar).utf8)
            let isDigit = try bytes.withSpan { try digit.firstMatch(in: $0, scratch: scratch) != nil }
            guard isDigit else { continue }
            digits += 1
            let covered = RequiredLiterals.decimalDigitLiterals.contains { bytes.starts(with: $0) }
            #expect(covered, "U+\(String(value, radix: 16, uppercase: true)) is a digit to PCRE2 but not in the clause")
        }
        #expect(digits > 600)
    }

    @Test(arguments: [PCRE2Pattern.Options.caseless, .extended])
    func noLiteralsUnderCaselessOrExtendedOptions(_ options: PCRE2Pattern.Options) throws {
        _ = try PCRE2Pattern("stk", options: options)
        #expect(RequiredLiterals(pattern: "stk", options: options) == nil)
        #expect(RequiredLiterals(pattern: "stk", options: .multiline) != nil)
    }

    /// Every occurrence, over an alphabet where literals share prefixes, suffixes and bytes of
    /// multi-byte letters.
    @Test func automatonFindsWhatANaiveSearchFinds() {
        var random = SplitMix64(seed: 7)
        let alphabet = ["a", "b", "ư", "ừ", "đ", " ", "ờ"].map { Array($0.utf8) }
        func word(_ length: ClosedRange<Int>) -> [UInt8] {
            (0..<Int.random(in: length, using: &random)).flatMap { _ in alphabet.randomElement(using: &random)! }
        }
        for _ in 0..<300 {
            let literals = (0..<Int.random(in: 1...12, using: &random)).map { _ in word(1...4) }
            let automaton = LiteralAutomaton(literals: literals)
            for trial in 0..<10 {
                // Short texts, and texts long enough to be scanned as two halves.
                let text = trial < 6 ? word(0...30) : word(40...450)
                let expected = literals.indices.filter { text.containsSubsequence(literals[$0]) }
                #expect(automaton.literals(in: text) == expected, "\(literals) in \(text)")
            }
        }
    }

    /// The start filter reports every position where one of its literals begins, whatever
    /// their lengths and shared first or second bytes (`\d`'s digits of other scripts share
    /// their first byte with Vietnamese letters).
    @Test func startFilterFindsEveryLiteralStart() {
        var random = SplitMix64(seed: 11)
        let alphabet = ["1", "7", "ạ", "ừ", "\u{1041}", "\u{17E2}", "a", " ", "\u{0E51}"].map { Array($0.utf8) }
        func word(_ length: ClosedRange<Int>) -> [UInt8] {
            (0..<Int.random(in: length, using: &random)).flatMap { _ in alphabet.randomElement(using: &random)! }
        }
        let fixed: [[UInt8]] = Array(RequiredLiterals.decimalDigitLiterals)
        for trial in 0..<300 {
            let starts = trial % 3 == 0 ? fixed : (0..<Int.random(in: 1...6, using: &random)).map { _ in word(1...3) }
            let filter = RegexStartFilter(starts: starts)
            for _ in 0..<5 {
                let text = word(0...40)
                let expected = text.indices.filter { position in
                    starts.contains { !$0.isEmpty && text[position...].starts(with: $0) }
                }
                #expect(text.withSpan { filter.candidates(in: $0) } == expected, "\(starts) in \(text)")
            }
        }
    }

    /// Patterns whose every branch opens with `\b` drop the starts that are an ASCII word
    /// character after another (inner digits of numbers), and keep those after anything else;
    /// the matches found from the starts left are those of a plain search.
    @Test func startsAtAWordBoundarySkipInnerDigits() throws {
        #expect(RequiredLiterals(pattern: #"\b\d+k"#)?.startsAtWordBoundary == true)
        #expect(RequiredLiterals(pattern: #"\b\d{1,2}h\d{2}\b|\b\d{1,2}:\d{2}\b"#)?.startsAtWordBoundary == true)
        #expect(RequiredLiterals(pattern: #"\d+k"#)?.startsAtWordBoundary == false)
        #expect(RequiredLiterals(pattern: #"\b\d+k|x\d"#)?.startsAtWordBoundary == false)
        #expect(RequiredLiterals(pattern: #"(?:\b\d)+k"#)?.startsAtWordBoundary != true)

        let text = Array("a 2024 x1 _5 ừ7 -3 ٣4 9".utf8)
        let digits = Array(RequiredLiterals.decimalDigitLiterals)
        let all = text.withSpan { RegexStartFilter(starts: digits).candidates(in: $0) }
        let atBoundary = text.withSpan { RegexStartFilter(starts: digits, atWordBoundary: true).candidates(in: $0) }
        // Dropped: the inner 0, 2, 4 of 2024, the 1 after x, the 5 after _.
        let dropped = all.filter { !atBoundary.contains($0) }.map { String(decoding: [text[$0 - 1], text[$0]], as: UTF8.self) }
        #expect(dropped == ["20", "02", "24", "x1", "_5"])
        #expect(atBoundary.count == all.count - 5)

        let scratch = PCRE2Scratch()
        let texts = ["2024 năm 10h30, 1.000.000đ 500k x500k _12h30 ừ7h15 tài12/10/2024 0912 345 678 3/4/25", "a1b2 9h05 12:30 x3/4/25"]
        for pattern in [#"\b\d+(?:[.,]\d{3})*\s*(?:k|tr|đ)\b"#, #"\b\d{1,2}h\d{2}\b|\b\d{1,2}:\d{2}\b"#, #"\b\d{1,2}/\d{1,2}/\d{2,4}\b"#] {
            let prepared = try PackPreparation.PreparedRegex(compiling: pattern)
            let filter = try #require(prepared.startFilter, "\(pattern) runs from its starts")
            #expect(filter.atWordBoundary, "\(pattern)")
            let fromStarts = prepared.anchored ?? prepared.pattern
            for text in texts {
                let bytes = text.utf8.span
                let starts = filter.candidates(in: bytes)
                let expected = try? prepared.pattern.matches(in: bytes, scratch: scratch, validUTF8: true)
                #expect(try! fromStarts.matches(in: bytes, startingOnlyAt: starts, scratch: scratch, validUTF8: true) == expected, "\(pattern) in \(text)")
                if text == texts[0] { #expect(expected?.isEmpty == false, "\(pattern) matches \(text)") }
            }
        }
    }

    /// A long text is scanned as two halves side by side: a literal is found wherever it sits
    /// across the middle.
    /// A literal across any of the places where the scan's lanes meet (a quarter, the middle,
    /// three quarters of the text), at every offset, for lengths that scan with one, two or
    /// four lanes.
    @Test func automatonFindsALiteralAcrossWhereLanesMeet() {
        let literal = Array("lừa đảo".utf8)
        let automaton = LiteralAutomaton(literals: [literal, Array("x".utf8)])
        for length in [literal.count, 20, 27, 28, 29, 30, 31, 33, 45, 46, 47, 48, 61, 127, 128, 129, 300, 1001] {
            for boundary in Set([length / 4, length / 2, length / 2 + length / 4]) {
                for offset in -literal.count...literal.count {
                    var text = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    let start = min(max(0, boundary + offset - literal.count / 2), length - literal.count)
                    text.replaceSubrange(start..<start + literal.count, with: literal)
                    #expect(automaton.literals(in: text) == [0], "length \(length), at \(start)")
                }
            }
        }
    }

    @Test func automatonReportsTheLastBytesAndOverlaps() {
        let automaton = LiteralAutomaton(literals: [Array("đảo".utf8), Array("ảo".utf8), Array("lừa đ".utf8), Array("x".utf8)])
        #expect(automaton.literals(in: Array("bị lừa đảo".utf8)) == [0, 1, 2])
        #expect(automaton.literals(in: Array("".utf8)) == [])
    }

    @Test func rulesShowNamesTheGatingLiterals() throws {
        let pack = try RulePackLoader.load(yaml: """
            pack: t
            categories: { scam: scam }
            rules:
              - id: gated
                category: scam
                verdict: harmful
                match: { regex: '(?:cá|ca)\\s+độ' }
              - id: always
                category: scam
                verdict: harmful
                match: { regex: '(?i)cá\\s+độ' }
              - id: amount
                category: scam
                verdict: harmful
                match: { regex: '\\d+\\s*triệu' }
            """)
        let lines = RulePackDescription.render(pack).split(separator: "\n")
        #expect(lines.contains(#"      match: regex /(?:cá|ca)\s+độ/ on canonical, run only on texts with ("độ") and ("ca" or "cá")"#))
        #expect(lines.contains(#"      match: regex /(?i)cá\s+độ/ on canonical"#))
        // `\d` is named, not listed as every script's digits cut to their first bytes.
        #expect(lines.contains(#"      match: regex /\d+\s*triệu/ on canonical, run only on texts with ("triệu") and (a digit of any script)"#))
    }

    // MARK: equivalence

    /// The 50 benchmark regexes and the default pack's regexes.
    static func patterns() throws -> [(pattern: String, layer: RegexLayer)] {
        let bench = try String(contentsOf: root.appendingPathComponent("Fixtures/regex/bench-regexes.txt"), encoding: .utf8)
            .split(separator: "\n").map { (String($0), RegexLayer.canonical) }
        let defaults = try CompiledRuleSet(pack: DefaultPack.load()).regexes.map { ($0.pattern.pattern, $0.layer) }
        return bench + defaults
    }

    /// Texts built to match each pattern (and near misses: a character dropped or replaced),
    /// inside random Vietnamese words.
    static func generatedTexts(for patterns: [String], perPattern: Int) -> [String] {
        var generator = MatchingTextGenerator(random: SplitMix64(seed: 2024))
        return patterns.flatMap { pattern in (0..<perPattern).map { _ in generator.text(around: pattern) } }
    }

    @Test func gateAllowsEveryRegexThatMatches() throws {
        let patterns = try Self.patterns()
        let yaml = Self.pack(patterns.enumerated().map { ($0.offset, $0.element.pattern, $0.element.layer) })
        let rules = try CompiledRuleSet(pack: RulePackLoader.load(yaml: yaml))
        let gated = rules.regexGate.clauses.compactMap { $0 }.count
        #expect(gated >= 45, "most benchmark regexes have literals")
        // `\b\d…` patterns, which PCRE2 cannot skip ahead in, run only from their leading digits.
        #expect(rules.regexes.filter { $0.startFilter != nil }.count >= 3)
        let texts = Self.generatedTexts(for: patterns.map(\.pattern), perPattern: 24)
        let scratch = PCRE2Scratch()
        var matched = 0
        var skipped = 0
        for text in texts {
            let normalized = rules.normalizer.normalize(text)
            for (index, regex) in rules.regexes.enumerated() {
                let layer = RegexLiteralGate.layerIndex(regex.layer)
                let subject = Array((regex.layer == .canonical ? normalized.canonical : regex.layer == .bare ? normalized.bare : normalized.original).utf8)
                var seen = [UInt64](repeating: 0, count: rules.regexGate.automata[layer]?.wordCount ?? 0)
                for id in rules.regexGate.automata[layer]?.literals(in: subject) ?? [] { seen[id >> 6] |= 1 << UInt64(id & 63) }
                let allowed = rules.regexGate.allows(index, seen: seen)
                let match = try subject.withSpan { try regex.pattern.firstMatch(in: $0, scratch: scratch) }
                if match != nil {
                    matched += 1
                    #expect(allowed, "'\(regex.pattern.pattern)' matches '\(text)' but its gate refused it")
                } else if !allowed {
                    skipped += 1
                }
            }
        }
        // The texts exercise both sides: many matches, and many regexes skipped.
        #expect(matched >= texts.count / 2)
        #expect(skipped >= texts.count * 10)
    }

    /// The automata built while the pack is prepared are for the literals the gate ends up
    /// with, layer by layer (so the gate uses them instead of building its own): regexes in
    /// nested conditions and exceptions, repeated, on several layers.
    @Test func preparedAutomataHaveTheGatesLiterals() throws {
        let nested = try RulePackLoader.load(yaml: """
            pack: nested
            rules:
              - id: r.one
                category: c
                verdict: harmful
                match: { all: [{ regex: 'vay\\s+\\d+' }, { any: [{ regex: 'lãi\\s+suất', layer: bare }, { not: { regex: 'ngân hàng' } }] }] }
                unless: [{ regex: 'hoàn\\s+tiền', layer: original }]
              - id: r.two
                category: c
                verdict: unverified
                match: { count: { at_least: 2, regex: 'vay\\s+\\d+', layer: bare } }
                unless: [{ regex: 'lãi\\s+suất' }]
            """)
        for pack in [nested, try DefaultPack.load()] {
            let rules = try CompiledRuleSet(pack: pack)
            let preparation = PackPreparation(pack: pack, normalizer: rules.normalizer)
            let gateLayers = rules.regexGate.literals.indices.filter { !rules.regexGate.literals[$0].isEmpty }
            #expect(preparation.literalAutomata.map(\.layer) == gateLayers, "\(pack.name)")
            #expect(preparation.literalAutomata.map(\.literals) == gateLayers.map { rules.regexGate.literals[$0] }, "\(pack.name)")
        }
    }

    @Test func screeningIsTheSameWithAndWithoutTheGate() throws {
        let patterns = try Self.patterns()
        // Every benchmark regex on every layer, the default pack's on theirs.
        var rules: [(Int, String, RegexLayer)] = []
        for (pattern, layer) in patterns {
            for other in RegexLayer.allCases where other == layer || layer == .canonical {
                rules.append((rules.count, pattern, other))
            }
        }
        let pack = try RulePackLoader.load(yaml: Self.pack(rules))
        let gated = Screener(rules: try CompiledRuleSet(pack: pack, gatesRegexes: true))
        let ungated = Screener(rules: try CompiledRuleSet(pack: pack, gatesRegexes: false))
        let defaultPack = try DefaultPack.load()
        let defaultGated = Screener(rules: try CompiledRuleSet(pack: defaultPack, gatesRegexes: true))
        let defaultUngated = Screener(rules: try CompiledRuleSet(pack: defaultPack, gatesRegexes: false))
        let dev = try LabelledPostReader.read(file: Self.root.appendingPathComponent("Fixtures/dev/dev-set.jsonl").path).map(\.post)
        let generated = Self.generatedTexts(for: patterns.map(\.pattern), perPattern: 12).enumerated()
            .map { Post(id: "g\($0.offset)", text: $0.element) }
        var hits = 0
        for post in dev + generated {
            let screening = gated.screen(post)
            #expect(screening == ungated.screen(post), "\(post.id): \(post.text)")
            #expect(defaultGated.screen(post) == defaultUngated.screen(post), "\(post.id): \(post.text)")
            hits += screening.hits.count
        }
        #expect(hits >= generated.count, "the texts match the regexes")
    }

    /// Rules whose triggers mix term sets, gated regexes, regexes without a gate (caseless:
    /// no required literals) and none at all: the rules found from what a post contains are
    /// those evaluating every rule finds.
    @Test func mixedTriggersFindTheSameRules() throws {
        let pack = try RulePackLoader.load(yaml: """
            pack: mixed
            lists:
              scam: [lừa đảo, chuyển khoản]
              money: [tiền, vay]
            rules:
              - { id: t.scam, category: c, verdict: harmful, match: { terms: scam } }
              - { id: t.money.or.rate, category: c, verdict: unverified, match: { any: [{ terms: money }, { regex: 'lãi\\s+suất' }] } }
              - { id: r.gated.bare, category: c, verdict: unverified, match: { regex: 'vay\\s+\\d+', layer: bare } }
              - { id: r.caseless, category: c, verdict: unverified, match: { regex: '(?i)STK\\W*\\d{6,}' } }
              - { id: r.or.caseless, category: c, verdict: unverified, match: { any: [{ terms: scam }, { regex: '(?i)ZALO' }] } }
              - { id: n.not, category: c, verdict: verified, match: { not: { terms: scam } } }
              - { id: a.all, category: c, verdict: harmful, match: { all: [{ regex: 'chuyển\\s+khoản', layer: original }, { terms: money }] } }
              - { id: c.count, category: c, verdict: harmful, match: { count: { at_least: 2, terms: money } } }
            """)
        let gated = Screener(rules: try CompiledRuleSet(pack: pack, gatesRegexes: true))
        let ungated = Screener(rules: try CompiledRuleSet(pack: pack, gatesRegexes: false))
        let dev = try LabelledPostReader.read(file: Self.root.appendingPathComponent("Fixtures/dev/dev-set.jsonl").path).map(\.post)
        let texts = [
            "Lừa đảo! chuyển khoản 500k vay 10 triệu, lãi suất 2%", "stk: 0123456789 zalo", "vay 5 tiền tiền", "không có gì",
            "LAI SUAT thap, vay 300", "Chuyển   khoản tiền trước", "ZaLo nhé",
        ]
        var fired = 0
        for post in dev + texts.enumerated().map({ Post(id: "m\($0.offset)", text: $0.element) }) {
            let screening = gated.screen(post)
            #expect(screening == ungated.screen(post), "\(post.id): \(post.text)")
            fired += screening.hits.count
        }
        #expect(fired > dev.count, "the rules fire")
    }

    /// A pack with one rule per regex.
    static func pack(_ regexes: [(Int, String, RegexLayer)]) -> String {
        var yaml = "pack: regexes\ncategories: { test: test }\nrules:\n"
        for (number, pattern, layer) in regexes {
            let quoted = pattern.replacingOccurrences(of: "'", with: "''")
            yaml += "  - id: r\(number)\n    category: test\n    verdict: unverified\n"
            yaml += "    match: { regex: '\(quoted)', layer: \(layer.rawValue) }\n"
        }
        return yaml
    }
}

/// Random text around strings that match a pattern, built by walking its `RegexSketch`.
struct MatchingTextGenerator {
    var random: SplitMix64
    /// Characters tried for each character item; PCRE2 decides which ones it matches.
    let candidates: [String] = (0x20...0x7E).map { String(UnicodeScalar(UInt8($0))) }
        + "đăâêôơưàáảãạằắầấèéẻẽẹềếìíịòóỏõọồốổờớởợùúủũụừứửữựỳýĐẮỆ".map(String.init) + ["😀", "🙏", "🤣", "🥰", "😂"]
    var pools: [String: [String]] = [:]
    let syllables = ["anh", "em", "ơi", "mua", "bán", "tiền", "ngày", "nhé", "bạn", "của", "và", "0912", "shop", "lừa", "không", "mình"]
    let scratch = PCRE2Scratch()

    init(random: SplitMix64) { self.random = random }

    mutating func text(around pattern: String) -> String {
        var core = ""
        emit(RegexSketch(pattern).branches, into: &core)
        var scalars = Array(core.unicodeScalars)
        if !scalars.isEmpty, Int.random(in: 0..<3, using: &random) == 0 {
            let position = Int.random(in: scalars.indices, using: &random)
            if Bool.random(using: &random) {
                scalars.remove(at: position)
            } else {
                scalars[position] = candidates.randomElement(using: &random)!.unicodeScalars.first!
            }
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        let before = (0..<Int.random(in: 0...3, using: &random)).map { _ in syllables.randomElement(using: &random)! }
        let after = (0..<Int.random(in: 0...3, using: &random)).map { _ in syllables.randomElement(using: &random)! }
        return (before + [String(view)] + after).joined(separator: " ")
    }

    mutating func emit(_ branches: [[RegexSketch.Item]], into text: inout String) {
        guard let branch = branches.randomElement(using: &random) else { return }
        for item in branch {
            let minimum = min(item.quantifier?.minimum ?? 1, 20)
            let maximum = item.quantifier.map { $0.maximum ?? minimum + 2 } ?? 1
            let count = Int.random(in: minimum...max(minimum, min(maximum, minimum + 2)), using: &random)
            for _ in 0..<count {
                switch item.atom {
                case .character(let atom):
                    if let character = pool(atom).randomElement(using: &random) { text += character }
                case .group(.lookaround, _), .other:
                    break
                case .group(_, let inner):
                    emit(inner, into: &text)
                }
            }
        }
    }

    /// The candidates that `atom` matches.
    mutating func pool(_ atom: String) -> [String] {
        if let known = pools[atom] { return known }
        let probe = try? PCRE2Pattern("\\A(?:\(atom))\\z")
        let matching = candidates.filter { candidate in
            guard let probe else { return false }
            let bytes = Array(candidate.utf8)
            return (try? bytes.withSpan { try probe.firstMatch(in: $0, scratch: scratch) }) != nil
        }
        pools[atom] = matching
        return matching
    }
}
