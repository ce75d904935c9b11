/// A term of a compiled term set: its syllables in each layer.
struct CompiledTerm: Sendable {
    var text: String
    var canonical: [String]
    var bare: [String]
    var location: SourceLocation
}

/// Which term of which set ends at a trie node.
struct TermRef: Sendable, Hashable {
    var set: Int32
    var term: Int32
    var length: Int32
}

/// A trie over interned syllables: every term of every term set, in one structure, so that one
/// walk from each token finds all hits of all terms (DESIGN.md §3, issue 3).
///
/// Over syllables rather than bytes: terms match whole syllable sequences by construction
/// (`ma` never hits `mai`), a teencode reading can stand for several syllables (`ck` →
/// `chuyển khoản`), and the walk needs one hash lookup per token, not one step per byte.
struct SyllableTrie: Sendable {
    /// Edges keyed by parent node (high 32 bits) and syllable id (low 32 bits).
    private(set) var edges: [UInt64: Int32] = [:]
    /// Terms ending at each node.
    private(set) var terminals: [[TermRef]] = [[]]

    static let root: Int32 = 0

    @inline(__always)
    func child(_ node: Int32, _ syllable: Int32) -> Int32? {
        edges[UInt64(UInt32(bitPattern: node)) << 32 | UInt64(UInt32(bitPattern: syllable))]
    }

    mutating func insert(_ syllables: [Int32], _ ref: TermRef) {
        var node = Self.root
        for syllable in syllables {
            let key = UInt64(UInt32(bitPattern: node)) << 32 | UInt64(UInt32(bitPattern: syllable))
            if let next = edges[key] {
                node = next
            } else {
                let next = Int32(terminals.count)
                terminals.append([])
                edges[key] = next
                node = next
            }
        }
        if !terminals[Int(node)].contains(ref) { terminals[Int(node)].append(ref) }
    }
}

/// Syllable strings → dense ids shared by both tries.
struct Vocabulary: Sendable {
    private(set) var ids: [String: Int32] = [:]

    mutating func intern(_ syllable: String) -> Int32 {
        if let id = ids[syllable] { return id }
        let id = Int32(ids.count)
        ids[syllable] = id
        return id
    }

    @inline(__always)
    func id(_ syllable: String) -> Int32 { ids[syllable] ?? -1 }
}
