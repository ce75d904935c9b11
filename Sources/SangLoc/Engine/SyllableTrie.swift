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
    private(set) var edges = EdgeTable()
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
                edges.insert(key, next)
                node = next
            }
        }
        if !terminals[Int(node)].contains(ref) { terminals[Int(node)].append(ref) }
    }
}

/// Syllable strings → dense ids shared by both tries.
///
/// Looked up once per token per layer, so hashed over the UTF-8 bytes with FNV-1a and compared
/// byte for byte (a `Dictionary<String, _>` pays seeded SipHash and Unicode-aware equality).
struct Vocabulary: Sendable {
    private var slots: [Int32]
    private var words: [String] = []
    private var mask: Int

    init() {
        slots = [Int32](repeating: -1, count: 64)
        mask = 63
    }

    var count: Int { words.count }

    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }

    private func find(_ syllable: String) -> (slot: Int, id: Int32) {
        var syllable = syllable
        return syllable.withUTF8 { bytes in
            var i = Self.hash(bytes) & mask
            while true {
                let id = slots[i]
                if id < 0 { return (i, -1) }
                if words[Int(id)].utf8.elementsEqual(bytes) { return (i, id) }
                i = (i + 1) & mask
            }
        }
    }

    mutating func intern(_ syllable: String) -> Int32 {
        let (slot, id) = find(syllable)
        if id >= 0 { return id }
        let new = Int32(words.count)
        words.append(syllable)
        slots[slot] = new
        if words.count * 2 > slots.count { rehash() }
        return new
    }

    private mutating func rehash() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for (id, word) in words.enumerated() {
            var word = word
            word.withUTF8 { bytes in
                var i = Self.hash(bytes) & mask
                while slots[i] >= 0 { i = (i + 1) & mask }
                slots[i] = Int32(id)
            }
        }
    }

    @inline(__always)
    func id(_ syllable: String) -> Int32 { find(syllable).id }
}
