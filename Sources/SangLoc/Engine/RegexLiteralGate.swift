/// Runs a rule set's regexes only on posts that contain their required literals.
///
/// Every regex whose `RequiredLiterals` are known gets a gate: its clauses as literal ids. All
/// literals of the regexes of one layer go into one `LiteralAutomaton`, so a post's layer is
/// scanned once for all of them (lazily, the first time one of its regexes is evaluated), and
/// a regex runs only when each of its clauses has a literal in the text. A regex whose
/// literals are missing cannot match, so skipping it never changes a result.
final class RegexLiteralGate: Sendable {
    /// One regex's clauses as ids of its layer's literals; nil entries always run.
    let clauses: [[[Int32]]?]
    /// The literals of each layer (indexed by `layerIndex`), with their automaton.
    let automata: [LiteralAutomaton?]
    /// Each layer's literals, for display; ids index them.
    let literals: [[[UInt8]]]
    /// `clauses` laid out flat for the per-post check (no nested arrays to retain): regex `r`'s
    /// clauses are `clauseStart[regexClauses[r]..<regexClauses[r + 1]]`, clause `c`'s literals
    /// `clauseMasks[clauseStart[c]..<clauseStart[c + 1]]`: the words of the seen-literal bits
    /// where it has literals, each as the word's index and the clause's bits in it. A clause
    /// of every script's digits (hundreds of literals) is a handful of words to test.
    private let regexClauses: [Int32]
    private let clauseStart: [Int32]
    private let clauseMasks: [(word: Int, bits: UInt64)]
    /// The gated regexes of each layer.
    private let gatedRegexes: [[Int32]]
    /// Each regex's layer index (`layerIndex`), or -1 when it always runs.
    let gatedLayer: [Int8]

    /// Gates for `regexes`, or none at all when `enabled` is false (for comparisons).
    /// `prebuilt` may hold automata built beforehand (`PackPreparation`); one is used for a
    /// layer only when it was built for exactly that layer's literals.
    init(regexes: [CompiledRegex], enabled: Bool = true, prebuilt: [LayerAutomaton] = []) {
        let (literals, clauses) = Self.literalIDs(regexes.map { ($0.requiredLiterals, $0.layer) }, enabled: enabled)
        self.clauses = clauses
        self.literals = literals
        let automata = literals.indices.map { layer -> LiteralAutomaton? in
            if literals[layer].isEmpty { return nil }
            if let built = prebuilt.first(where: { $0.layer == layer && $0.literals == literals[layer] }) { return built.automaton }
            return LiteralAutomaton(literals: literals[layer])
        }
        self.automata = automata
        var regexClauses: [Int32] = [0]
        var clauseStart: [Int32] = [0]
        var clauseMasks: [(word: Int, bits: UInt64)] = []
        var gatedRegexes: [[Int32]] = Array(repeating: [], count: RegexLayer.allCases.count)
        var gatedLayer: [Int8] = []
        for (index, regex) in regexes.enumerated() {
            if let list = clauses[index] {
                for clause in list {
                    var words: [Int: UInt64] = [:]
                    for id in clause { words[Int(id) >> 6, default: 0] |= 1 << UInt64(id & 63) }
                    clauseMasks.append(contentsOf: words.sorted { $0.key < $1.key }.map { (word: $0.key, bits: $0.value) })
                    clauseStart.append(Int32(clauseMasks.count))
                }
                gatedRegexes[Self.layerIndex(regex.layer)].append(Int32(index))
                gatedLayer.append(Int8(Self.layerIndex(regex.layer)))
            } else {
                gatedLayer.append(-1)
            }
            regexClauses.append(Int32(clauseStart.count - 1))
        }
        self.regexClauses = regexClauses
        self.clauseStart = clauseStart
        self.clauseMasks = clauseMasks
        self.gatedRegexes = gatedRegexes
        self.gatedLayer = gatedLayer
    }

    /// An automaton built for one layer's literals.
    struct LayerAutomaton: Sendable {
        var layer: Int
        var literals: [[UInt8]]
        var automaton: LiteralAutomaton

        init(layer: Int, literals: [[UInt8]]) {
            self.layer = layer
            self.literals = literals
            automaton = LiteralAutomaton(literals: literals)
        }
    }

    /// The literals of each layer (indexed by `layerIndex`) and each regex's clauses as ids
    /// of its layer's literals (nil for a regex that always runs), for regexes given by their
    /// required literals and layer, in the rule set's order.
    static func literalIDs(_ regexes: [(RequiredLiterals?, RegexLayer)], enabled: Bool) -> (literals: [[[UInt8]]], clauses: [[[Int32]]?]) {
        var literals: [[[UInt8]]] = Array(repeating: [], count: RegexLayer.allCases.count)
        var ids: [[[UInt8]: Int32]] = Array(repeating: [:], count: RegexLayer.allCases.count)
        var bytes = Array(repeating: 0, count: RegexLayer.allCases.count)
        var clauses: [[[Int32]]?] = []
        for (requiredLiterals, regexLayer) in regexes {
            let layer = Self.layerIndex(regexLayer)
            // Past the automaton's size limit, further regexes simply run on every post.
            guard enabled, let required = requiredLiterals,
                  bytes[layer] + required.clauses.joined().reduce(0, { $0 + $1.count }) <= LiteralAutomaton.maximumLiteralBytes
            else {
                clauses.append(nil)
                continue
            }
            bytes[layer] += required.clauses.joined().reduce(0) { $0 + $1.count }
            clauses.append(required.clauses.map { clause in
                clause.map { literal in
                    if let id = ids[layer][literal] { return id }
                    let id = Int32(literals[layer].count)
                    ids[layer][literal] = id
                    literals[layer].append(literal)
                    return id
                }
            })
        }
        return (literals, clauses)
    }

    static func layerIndex(_ layer: RegexLayer) -> Int {
        switch layer {
        case .canonical: 0
        case .bare: 1
        case .original: 2
        }
    }

    /// The layer whose `layerIndex` is `index`.
    static func layer(atIndex index: Int) -> RegexLayer {
        switch index {
        case 0: .canonical
        case 1: .bare
        default: .original
        }
    }

    /// Whether regex `index` may match, given the literals seen in its layer (bit per id).
    func allows(_ index: Int, seen: [UInt64]) -> Bool {
        guard gatedLayer[index] >= 0 else { return true }
        return withClauses { $0.allows(index, seen: seen.span) }
    }

    /// Scans one layer of a post for the literals of its regexes, and sets in `allowed` (a bit
    /// per regex) the bit of each of that layer's gated regexes whose clauses all hold.
    func scanLayer(_ layer: Int, of text: Span<UInt8>, seen: inout [UInt64], allowed: inout [UInt64]) {
        seen.removeAll(keepingCapacity: true)
        if let automaton = automata[layer] {
            seen.append(contentsOf: repeatElement(0, count: automaton.wordCount))
            var bits = seen.mutableSpan
            automaton.scan(text, into: &bits)
        }
        let seen = seen.span
        withClauses { clauses in
            for index in gatedRegexes[layer] where clauses.allows(Int(index), seen: seen) {
                allowed[Int(index) >> 6] |= 1 << UInt64(index & 63)
            }
        }
    }

    /// Runs `body` on the flat clause arrays, read in place for a layer's regexes at once.
    private func withClauses<Result>(_ body: (borrowing Clauses) -> Result) -> Result {
        let (regexClauses, clauseStart, clauseMasks) = (regexClauses, clauseStart, clauseMasks)
        return body(Clauses(regexClauses: regexClauses.span, clauseStart: clauseStart.span, clauseMasks: clauseMasks.span))
    }

    /// The flat clause arrays, read in place.
    private struct Clauses: ~Escapable {
        let regexClauses: Span<Int32>
        let clauseStart: Span<Int32>
        let clauseMasks: Span<(word: Int, bits: UInt64)>

        @_lifetime(copy regexClauses, copy clauseStart, copy clauseMasks)
        init(regexClauses: Span<Int32>, clauseStart: Span<Int32>, clauseMasks: Span<(word: Int, bits: UInt64)>) {
            self.regexClauses = regexClauses
            self.clauseStart = clauseStart
            self.clauseMasks = clauseMasks
        }

        /// Each clause of gated regex `index` has one of its literals in `seen`.
        @inline(__always)
        func allows(_ index: Int, seen: Span<UInt64>) -> Bool {
            for clause in Int(regexClauses[index])..<Int(regexClauses[index &+ 1]) {
                var found = false
                for k in Int(clauseStart[clause])..<Int(clauseStart[clause &+ 1]) {
                    if seen[clauseMasks[k].word] & clauseMasks[k].bits != 0 {
                        found = true
                        break
                    }
                }
                if !found { return false }
            }
            return true
        }
    }
}
