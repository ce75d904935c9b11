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

    /// Gates for `regexes`, or none at all when `enabled` is false (for comparisons).
    init(regexes: [CompiledRegex], enabled: Bool = true) {
        var literals: [[[UInt8]]] = Array(repeating: [], count: RegexLayer.allCases.count)
        var ids: [[[UInt8]: Int32]] = Array(repeating: [:], count: RegexLayer.allCases.count)
        var bytes = Array(repeating: 0, count: RegexLayer.allCases.count)
        var clauses: [[[Int32]]?] = []
        for regex in regexes {
            let layer = Self.layerIndex(regex.layer)
            // Past the automaton's size limit, further regexes simply run on every post.
            guard enabled, let required = regex.requiredLiterals,
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
        self.clauses = clauses
        self.literals = literals
        automata = literals.map { $0.isEmpty ? nil : LiteralAutomaton(literals: $0) }
    }

    static func layerIndex(_ layer: RegexLayer) -> Int {
        switch layer {
        case .canonical: 0
        case .bare: 1
        case .original: 2
        }
    }

    /// Whether regex `index` may match, given the literals seen in its layer (bit per id).
    func allows(_ index: Int, seen: [UInt64]) -> Bool {
        guard let clauses = clauses[index] else { return true }
        return clauses.allSatisfy { clause in
            clause.contains { id in seen[Int(id) >> 6] & (1 << UInt64(id & 63)) != 0 }
        }
    }
}
