import Foundation

/// A rule pack compiled for matching: built once, immutable, shared by every worker.
///
/// Every term of every rule is normalized by the same `Normalizer` as the posts and goes into
/// one `SyllableTrie` per layer (canonical and bare); regexes are compiled by PCRE2 with JIT
/// and gated by their required literals (`RegexLiteralGate`).
public final class CompiledRuleSet: Sendable {
    /// The pack it was compiled from.
    public let pack: RulePack
    /// The normalizer posts and terms go through (with the pack's teencode).
    public let normalizer: Normalizer
    let rules: [CompiledRule]
    let termSets: [[CompiledTerm]]
    let domainSets: [[String]]
    let regexes: [CompiledRegex]
    let vocabulary: Vocabulary
    /// The vocabulary as its normalizer's `SyllableIndex`.
    let vocabularyIndex: VocabularyIndex
    /// `normalizer.syllableStamp`, read for every post without copying the normalizer (a copy
    /// retains its shared tables, which every worker would then contend for).
    let syllableStamp: UInt64
    let canonicalTrie: TrieView
    let bareTrie: TrieView
    /// Holds what the tries' views read.
    private let trieMemory: TrieMemory
    let regexGate: RegexLiteralGate
    /// What screening reads for every post.
    let perPost: PerPostTables
    /// The syllable ids of the pack's `accentless_words` (docs/rule-packs.md, "Tiers").
    let accentlessSyllables: Set<Int32>
    /// Every leaf of every rule's condition and exceptions once, with the first rule that
    /// reads it: what each window of a long post gathers (`WindowedPost`).
    let windowLeaves: [(leaf: ConditionLeaf, rule: String)]

    /// Compiles a pack. Throws `RuleCompileError` naming the place in the pack and the fix.
    public convenience init(pack: RulePack) throws(RuleCompileError) {
        try self.init(pack: pack, gatesRegexes: true)
    }

    /// Compiles a pack; `gatesRegexes: false` evaluates every rule and runs every regex on every
    /// post, searching the whole text (for comparisons).
    init(pack: RulePack, gatesRegexes: Bool) throws(RuleCompileError) {
        var compiler = Compiler(pack: pack, gatesRegexes: gatesRegexes)
        let rules = try compiler.compileRules()
        self.pack = pack
        // Posts are normalized by a normalizer that knows the terms' syllables: their tokens
        // carry syllable ids, looked up once per new chunk instead of once per token.
        self.vocabularyIndex = VocabularyIndex(compiler.vocabulary)
        self.normalizer = Normalizer(configuration: compiler.normalizer.configuration, syllableIndex: vocabularyIndex)
        self.syllableStamp = normalizer.syllableStamp
        self.rules = rules
        var seen = Set<ConditionLeaf>()
        self.windowLeaves = rules.flatMap { compiled in
            compiled.leaves.filter { seen.insert($0).inserted }.map { ($0, compiled.rule.id) }
        }
        self.termSets = compiler.termSets
        self.domainSets = compiler.domainSets
        // Ungated, every regex also searches the whole text (for comparisons).
        self.regexes = gatesRegexes ? compiler.regexes : compiler.regexes.map { regex in
            CompiledRegex(pattern: regex.pattern, layer: regex.layer, requiredLiterals: regex.requiredLiterals, startFilter: nil, startFilterID: -1)
        }
        self.vocabulary = compiler.vocabulary
        self.accentlessSyllables = compiler.accentlessSyllables()
        compiler.canonicalTrie.freeze()
        compiler.bareTrie.freeze()
        let trieMemory = TrieMemory()
        self.canonicalTrie = TrieView(compiler.canonicalTrie, memory: trieMemory)
        self.bareTrie = TrieView(compiler.bareTrie, memory: trieMemory)
        self.trieMemory = trieMemory
        self.regexGate = RegexLiteralGate(regexes: compiler.regexes, enabled: gatesRegexes, prebuilt: compiler.preparation.literalAutomata)
        let triggers = RuleTriggers(conditions: rules.map(\.condition), enabled: gatesRegexes)
        let byItem = triggers.byItem(termSetCount: compiler.termSets.count, gatedLayer: regexGate.gatedLayer)
        self.perPost = PerPostTables(
            ruleCount: rules.count, termSetCount: compiler.termSets.count, regexCount: regexes.count,
            alwaysRules: byItem.always, termSetRuleStart: byItem.termSetStart, termSetRules: byItem.termSetRules,
            regexRuleStart: byItem.regexStart, regexRules: byItem.regexRules, triggerGateLayers: byItem.gateLayers,
            gatedLayer: regexGate.gatedLayer, vocabulary: vocabularyIndex.view)
    }

    /// What screening reads for every post to find the rules that may fire (`RuleTriggers`).
    struct PerPostTables: Sendable {
        let ruleCount: Int
        let termSetCount: Int
        let regexCount: Int
        /// `triggers.byItem(…)`: the rules always evaluated (a bit each), the rules of each
        /// term set and of each gated regex, the gate layers those regexes are in.
        let alwaysRules: [UInt64]
        let termSetRuleStart: [Int32]
        let termSetRules: [Int32]
        let regexRuleStart: [Int32]
        let regexRules: [Int32]
        let triggerGateLayers: UInt8
        /// `regexGate.gatedLayer`.
        let gatedLayer: [Int8]
        /// `vocabularyIndex.view`, for the syllables of teencode readings.
        let vocabulary: Vocabulary.View
    }

    /// The number of terms over all term sets.
    public var termCount: Int { termSets.reduce(0) { $0 + $1.count } }
    /// The number of regexes.
    public var regexCount: Int { regexes.count }
}

/// A regex ready to run. A class, so that running it on a post retains one object instead of
/// copying its fields.
final class CompiledRegex: Sendable {
    let pattern: PCRE2Pattern
    let layer: RegexLayer
    /// Literals every match contains; nil when unknown (the regex then runs on every post).
    let requiredLiterals: RequiredLiterals?
    /// Where matches can start, for a pattern PCRE2 cannot skip ahead in by itself.
    let startFilter: RegexStartFilter?
    /// What runs from each start the filter finds: `pattern` compiled anchored when it has
    /// JIT code, else `pattern` (anchored at match time).
    let patternFromStarts: PCRE2Pattern
    /// The same number for regexes whose start filters have the same literals (`\b\d…`
    /// patterns all start at digits), so that a post's candidates are found once for them all.
    let startFilterID: Int

    init(
        pattern: PCRE2Pattern, layer: RegexLayer, requiredLiterals: RequiredLiterals?, startFilter: RegexStartFilter?,
        anchored: PCRE2Pattern? = nil, startFilterID: Int
    ) {
        self.pattern = pattern
        self.layer = layer
        self.requiredLiterals = requiredLiterals
        self.startFilter = startFilter
        self.patternFromStarts = anchored ?? pattern
        self.startFilterID = startFilterID
    }
}

/// A rule ready to evaluate. A class, so that the screening loop retains one object per rule
/// instead of copying its `Rule`.
final class CompiledRule: Sendable {
    let rule: Rule
    let condition: CompiledCondition
    let exceptions: [(CompiledCondition, ExceptionScope)]

    init(rule: Rule, condition: CompiledCondition, exceptions: [(CompiledCondition, ExceptionScope)]) {
        self.rule = rule
        self.condition = condition
        self.exceptions = exceptions
    }
}

indirect enum CompiledCondition: Sendable {
    case terms(Int32)
    case regex(Int)
    case linkDomain(Int)
    case near(Int32, Int32, within: Int)
    case count(CompiledCondition, atLeast: Int)
    case all([CompiledCondition])
    case any([CompiledCondition])
    case not(CompiledCondition)
    case author(Set<String>)
    case platform(Set<String>)
    case postedAt(TimeWindow, TimeZone)

    /// Rough cost, to evaluate cheap conditions of an `all` first.
    var cost: Int {
        switch self {
        case .terms, .linkDomain, .author, .platform, .postedAt: 1
        case .near: 2
        case .regex: 10
        case .count(let inner, _), .not(let inner): inner.cost
        case .all(let list), .any(let list): list.reduce(0) { $0 + $1.cost }
        }
    }
}

/// What makes two regexes' start candidates the same: their start literals, and whether
/// candidates after a word character are dropped.
private struct StartFilterKey: Hashable {
    var starts: [[UInt8]]
    var atWordBoundary: Bool
}

/// Builds the compiled form; term sets are shared between rules naming the same list.
private struct Compiler {
    let pack: RulePack
    let normalizer: Normalizer
    var termSets: [[CompiledTerm]] = []
    var domainSets: [[String]] = []
    var regexes: [CompiledRegex] = []
    var vocabulary = Vocabulary()
    var canonicalTrie = SyllableTrie()
    var bareTrie = SyllableTrie()
    var listTermSets: [String: Int32] = [:]
    var listDomainSets: [String: Int] = [:]
    /// Start filters' numbers by their leading literals (sorted) and whether they drop
    /// starts inside words.
    var startFilterIDs: [StartFilterKey: Int] = [:]
    /// The lists' terms normalized and the regexes compiled beforehand, in parallel.
    let preparation: PackPreparation

    init(pack: RulePack, gatesRegexes: Bool) {
        self.pack = pack
        var teencode = TeencodeTable.builtIn
        let plain = Normalizer(configuration: .init(teencode: TeencodeTable()))
        for entry in pack.teencode {
            let form = plain.normalize(entry.form).tokens.map(\.canonical).joined()
            for reading in entry.readings {
                let syllables = plain.normalize(reading).tokens.filter { $0.kind.isMatchable }.map(\.canonical)
                teencode.add(form, syllables.joined(separator: " "))
            }
        }
        normalizer = Normalizer(configuration: .init(teencode: teencode, spelledOutWords: Self.spelledOutWords(of: pack)))
        preparation = PackPreparation(pack: pack, normalizer: normalizer, gatesRegexes: gatesRegexes)
    }

    /// The pack's one-word terms of two to six plain letters (`cmn`, `lol`, `otp`): spelled out
    /// with separators (`c.m.n`) they join back into the word, as teencode forms do.
    static func spelledOutWords(of pack: RulePack) -> Set<String> {
        var words = Set<String>()
        func add(_ terms: [Term]) {
            for term in terms {
                let word = term.text.lowercased()
                guard (2...6).contains(word.unicodeScalars.count),
                      word.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || $0 == "đ" }) else { continue }
                words.insert(word)
            }
        }
        func add(_ source: TermSource) { add(pack.terms(of: source)) }
        for condition in pack.rules.flatMap({ [$0.match] + $0.unless.map(\.condition) }) {
            condition.forEach { part in
                switch part.kind {
                case .terms(let source): add(source)
                case .near(let a, let b, _): add(a); add(b)
                default: break
                }
            }
        }
        return words
    }

    /// The vocabulary ids of the accentless words' syllables (a word no term has cannot be
    /// part of a hit, so it needs no id).
    func accentlessSyllables() -> Set<Int32> {
        var ids = Set<Int32>()
        for source in pack.accentlessWords {
            for term in pack.terms(of: source) {
                for bare in PackPreparation.TermForms(normalizing: term.text, with: normalizer).bare {
                    let id = vocabulary.id(bare)
                    if id >= 0 { ids.insert(id) }
                }
            }
        }
        return ids
    }

    mutating func compileRules() throws(RuleCompileError) -> [CompiledRule] {
        var out: [CompiledRule] = []
        for rule in pack.rules {
            let condition = try compile(rule.match)
            var exceptions: [(CompiledCondition, ExceptionScope)] = []
            for exception in rule.unless { exceptions.append((try compile(exception.condition), exception.scope)) }
            out.append(CompiledRule(rule: rule, condition: condition, exceptions: exceptions))
        }
        return out
    }

    private mutating func compile(_ condition: Condition) throws(RuleCompileError) -> CompiledCondition {
        switch condition.kind {
        case .terms(let source):
            return .terms(try termSet(source))
        case .regex(let pattern, let layer):
            do throws(PCRE2CompileError) {
                let prepared: PackPreparation.PreparedRegex
                if let result = preparation.regexes[pattern] {
                    prepared = try result.get()
                } else {
                    prepared = try PackPreparation.PreparedRegex(compiling: pattern)
                }
                var startFilterID = -1
                if let filter = prepared.startFilter, let starts = prepared.requiredLiterals?.starts {
                    let key = StartFilterKey(starts: starts.sorted { $0.lexicographicallyPrecedes($1) }, atWordBoundary: filter.atWordBoundary)
                    startFilterID = startFilterIDs[key] ?? startFilterIDs.count
                    startFilterIDs[key] = startFilterID
                }
                regexes.append(CompiledRegex(
                    pattern: prepared.pattern, layer: layer, requiredLiterals: prepared.requiredLiterals,
                    startFilter: prepared.startFilter, anchored: prepared.anchored, startFilterID: startFilterID))
                return .regex(regexes.count - 1)
            } catch {
                throw RuleCompileError(
                    location: condition.location,
                    message: "regex '\(pattern)' does not compile: \(error.message) at character \(error.offset + 1); fix the pattern (PCRE2 syntax)")
            }
        case .linkDomain(let source):
            return .linkDomain(domainSet(source))
        case .near(let a, let b, let within):
            return .near(try termSet(a), try termSet(b), within: within)
        case .count(let inner, let atLeast):
            return .count(try compile(inner), atLeast: atLeast)
        case .all(let list):
            var compiled: [CompiledCondition] = []
            for item in list { compiled.append(try compile(item)) }
            return .all(compiled.sorted { $0.cost < $1.cost })
        case .any(let list):
            var compiled: [CompiledCondition] = []
            for item in list { compiled.append(try compile(item)) }
            return .any(compiled)
        case .not(let inner):
            return .not(try compile(inner))
        case .author(let source):
            return .author(Set(pack.terms(of: source).map { $0.text.lowercased() }))
        case .platform(let names):
            return .platform(Set(names.map { $0.lowercased() }))
        case .postedAt(let window):
            guard let zone = TimeZone(identifier: window.timeZone) else {
                throw RuleCompileError(
                    location: condition.location,
                    message: "unknown time zone '\(window.timeZone)'; use an IANA name such as Asia/Ho_Chi_Minh")
            }
            return .postedAt(window, zone)
        }
    }

    private mutating func termSet(_ source: TermSource) throws(RuleCompileError) -> Int32 {
        if case .list(let name, _) = source, let id = listTermSets[name] { return id }
        let id = Int32(termSets.count)
        let terms = pack.terms(of: source)
        var compiled: [CompiledTerm] = []
        compiled.reserveCapacity(terms.count)
        var prepared: [PackPreparation.TermForms]?
        if case .list(let name, _) = source { prepared = preparation.listTerms[name] }
        for (index, term) in terms.enumerated() {
            let forms = prepared?[index] ?? PackPreparation.TermForms(normalizing: term.text, with: normalizer)
            guard !forms.canonical.isEmpty, Self.hasLetterOrDigit(term.text) else {
                throw RuleCompileError(
                    location: term.location,
                    message: "term '\(term.text)' has no letters or digits to match; remove it or write the word itself")
            }
            let canonical = forms.canonical
            let bare = forms.bare
            let ref = TermRef(set: id, term: Int32(index), length: Int32(canonical.count))
            canonicalTrie.insert(canonical.map { vocabulary.intern($0) }, ref)
            bareTrie.insert(bare.map { vocabulary.intern($0) }, ref)
            compiled.append(CompiledTerm(text: term.text, canonical: canonical, bare: bare, location: term.location))
        }
        termSets.append(compiled)
        if case .list(let name, _) = source { listTermSets[name] = id }
        return id
    }

    /// Whether `text` has a letter or a digit: marks, modifier letters (`ـ`) and invisible
    /// characters (`\u{AD}`) alone are dropped or kept apart in a post, so such a term never matches.
    static func hasLetterOrDigit(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .otherLetter, .decimalNumber, .letterNumber, .otherNumber: true
            default: false
            }
        }
    }

    private mutating func domainSet(_ source: TermSource) -> Int {
        if case .list(let name, _) = source, let id = listDomainSets[name] { return id }
        let domains = pack.terms(of: source).map { LinkHost.host(of: $0.text) }.filter { !$0.isEmpty }
        domainSets.append(domains)
        if case .list(let name, _) = source { listDomainSets[name] = domainSets.count - 1 }
        return domainSets.count - 1
    }
}

/// Host names of links, for `link_domain`.
enum LinkHost {
    /// `https://www.Example.com:8080/x` → `example.com`; `bit.ly/abc` → `bit.ly`.
    static func host(of link: String) -> String {
        var s = Substring(link.lowercased())
        if let scheme = s.range(of: "://") { s = s[scheme.upperBound...] }
        if let end = s.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { s = s[..<end] }
        if let at = s.lastIndex(of: "@") { s = s[s.index(after: at)...] }
        if let colon = s.lastIndex(of: ":") { s = s[..<colon] }
        while s.hasSuffix(".") { s = s.dropLast() }
        if s.hasPrefix("www.") { s = s.dropFirst(4) }
        return String(s)
    }

    /// The host is the domain or one of its subdomains.
    static func matches(_ host: String, domain: String) -> Bool {
        host == domain || (host.hasSuffix(domain) && host.utf8.count > domain.utf8.count
            && host.utf8[host.utf8.index(host.utf8.endIndex, offsetBy: -domain.utf8.count - 1)] == UInt8(ascii: "."))
    }
}
