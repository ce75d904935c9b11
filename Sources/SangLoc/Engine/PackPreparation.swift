import Dispatch
import Synchronization
@_spi(Engine) import VietText

/// The slow, independent part of compiling a pack, done on all cores before the rules are
/// compiled in order: normalizing the terms of every list the rules match against, compiling
/// every regex (PCRE2 with JIT, its required literals), and building the regex gate's literal
/// automata once the last regex is compiled (while the other cores normalize terms). A
/// 10,000-term pack spends most of its compile time here; the compiler then reads the results
/// instead of doing the work one item after another, so the compiled rule set is the same.
struct PackPreparation: Sendable {
    /// A term's matchable tokens, in both layers.
    struct TermForms: Sendable {
        var canonical: [String]
        var bare: [String]

        init(normalizing term: String, with normalizer: Normalizer) {
            // From the layers, not through `tokens`: a `Token` carries more than its two forms,
            // and this runs for every term of every list at start-up.
            let layers = normalizer.normalize(term).layers
            let matchable = layers.indices.filter { layers[$0].kind.isMatchable }
            canonical = matchable.map(layers.canonicalText(at:))
            bare = matchable.map(layers.bareText(at:))
        }
    }

    /// A regex compiled with what the gate and the start filter need.
    struct PreparedRegex: Sendable {
        var pattern: PCRE2Pattern
        var requiredLiterals: RequiredLiterals?
        var startFilter: RegexStartFilter?
        /// With a start filter: the pattern compiled anchored, which runs JIT code from each
        /// start (see `PCRE2Pattern.anchoredForJIT()`).
        var anchored: PCRE2Pattern?

        init(compiling pattern: String) throws(PCRE2CompileError) {
            self.pattern = try PCRE2Pattern(pattern)
            requiredLiterals = RequiredLiterals(pattern: self.pattern.pattern, options: self.pattern.options)
            // A pattern PCRE2 cannot skip ahead in is tried only where its leading literals are.
            startFilter = self.pattern.hasStartOptimization ? nil : requiredLiterals.flatMap { literals in
                literals.starts.map { RegexStartFilter(starts: $0, atWordBoundary: literals.startsAtWordBoundary) }
            }
            if startFilter != nil { anchored = self.pattern.anchoredForJIT() }
        }
    }

    /// Per list matched by `terms` or `near`, each term's forms, in the list's order.
    private(set) var listTerms: [String: [TermForms]] = [:]
    /// Per pattern, the compiled regex or why it does not compile.
    private(set) var regexes: [String: Result<PreparedRegex, PCRE2CompileError>] = [:]
    /// The regex gate's automata for the literals of the pack's regexes, in the order the
    /// compiler meets them (`RegexLiteralGate` uses one only if its literals are the same).
    private(set) var literalAutomata: [RegexLiteralGate.LayerAutomaton] = []

    /// Terms per unit of work: enough to outweigh handing the unit to a core.
    static let termsPerUnit = 512

    /// Prepares `pack`; `gatesRegexes: false` builds no literal automata.
    init(pack: RulePack, normalizer: Normalizer, gatesRegexes: Bool = true) {
        var listsNamed: [String] = []
        var regexesWritten: [(pattern: String, layer: RegexLayer)] = []
        for rule in pack.rules {
            Self.collect(rule.match, lists: &listsNamed, regexes: &regexesWritten)
            for exception in rule.unless { Self.collect(exception.condition, lists: &listsNamed, regexes: &regexesWritten) }
        }
        let lists = Self.unique(listsNamed)
        let patterns = Self.unique(regexesWritten.map(\.pattern))

        // Units: regexes, then slices of lists, each independent of the others. Units start in
        // order, so the regexes are done early and the one finishing the last of them builds
        // the automata while the other cores normalize terms.
        enum Unit { case terms(list: Int, range: Range<Int>), regex(Int) }
        var units: [Unit] = patterns.indices.map(Unit.regex)
        for (index, name) in lists.enumerated() {
            let count = pack.lists[name]?.terms.count ?? 0
            for start in stride(from: 0, to: count, by: Self.termsPerUnit) {
                units.append(.terms(list: index, range: start..<min(start + Self.termsPerUnit, count)))
            }
        }

        let termResults = Mutex<[Int: [TermForms]]>([:])  // keyed by unit
        let regexResults = Mutex<[Int: Result<PreparedRegex, PCRE2CompileError>]>([:])  // keyed by pattern
        let automata = Mutex<[RegexLiteralGate.LayerAutomaton]>([])
        let work = units
        let written = regexesWritten
        DispatchQueue.concurrentPerform(iterations: work.count) { unit in
            switch work[unit] {
            case .terms(let list, let range):
                let terms = pack.lists[lists[list]]?.terms ?? []
                let forms = terms[range].map { TermForms(normalizing: $0.text, with: normalizer) }
                termResults.withLock { $0[unit] = forms }
            case .regex(let index):
                let result = Result { () throws(PCRE2CompileError) in try PreparedRegex(compiling: patterns[index]) }
                let compiled = regexResults.withLock { results in
                    results[index] = result
                    return results.count == patterns.count ? results : nil
                }
                guard gatesRegexes, let compiled else { return }
                let built = Self.literalAutomata(written, patterns: patterns, compiled: compiled)
                automata.withLock { $0 = built }
            }
        }
        literalAutomata = automata.withLock { $0 }
        let termsByUnit = termResults.withLock { $0 }
        for (unit, item) in units.enumerated() {
            guard case .terms(let list, _) = item else { continue }
            listTerms[lists[list], default: []] += termsByUnit[unit] ?? []
        }
        let regexesByIndex = regexResults.withLock { $0 }
        for (index, pattern) in patterns.enumerated() {
            if let result = regexesByIndex[index] { regexes[pattern] = result }
        }
    }

    /// The automata of `RegexLiteralGate` for the regexes written (in the compiler's order),
    /// or none when some pattern does not compile (the pack is then refused).
    private static func literalAutomata(
        _ written: [(pattern: String, layer: RegexLayer)], patterns: [String], compiled: [Int: Result<PreparedRegex, PCRE2CompileError>]
    ) -> [RegexLiteralGate.LayerAutomaton] {
        var requiredLiterals: [String: RequiredLiterals?] = [:]
        for (index, pattern) in patterns.enumerated() {
            guard case .success(let prepared) = compiled[index] else { return [] }
            requiredLiterals[pattern] = prepared.requiredLiterals
        }
        let (literals, _) = RegexLiteralGate.literalIDs(written.map { (requiredLiterals[$0.pattern] ?? nil, $0.layer) }, enabled: true)
        return literals.indices.filter { !literals[$0].isEmpty }.map { RegexLiteralGate.LayerAutomaton(layer: $0, literals: literals[$0]) }
    }

    /// The lists matched as terms and the regexes of a condition and its parts, in the order
    /// the compiler meets them.
    private static func collect(_ condition: Condition, lists: inout [String], regexes: inout [(pattern: String, layer: RegexLayer)]) {
        func list(_ source: TermSource) {
            if case .list(let name, _) = source { lists.append(name) }
        }
        condition.forEach { part in
            switch part.kind {
            case .terms(let source):
                list(source)
            case .near(let a, let b, _):
                list(a)
                list(b)
            case .regex(let pattern, let layer):
                regexes.append((pattern, layer))
            default:
                break
            }
        }
    }

    private static func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}
