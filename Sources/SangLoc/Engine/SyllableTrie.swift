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
/// walk from each token finds all hits of all terms (docs/design.md §3, issue 3).
///
/// Over syllables rather than bytes: terms match whole syllable sequences by construction
/// (`ma` never hits `mai`), a teencode reading can stand for several syllables (`ck` →
/// `chuyển khoản`), and the walk needs one hash lookup per token, not one step per byte.
struct SyllableTrie: Sendable {
    /// Edges keyed by parent node (high 32 bits) and syllable id (low 32 bits).
    private(set) var edges = EdgeTable()
    /// Terms ending at each node, while the trie is built.
    private var building: [[TermRef]] = [[]]
    /// Terms ending at each node, flat: node `n`'s are `terminalRefs[terminalStart[n]..<terminalStart[n + 1]]`
    /// (no nested arrays to retain in the walk). Filled by `freeze()`.
    private(set) var terminalStart: [Int32] = [0, 0]
    private(set) var terminalRefs: [TermRef] = []

    static let root: Int32 = 0

    /// The root's children by syllable id (-1: none): the lookup made at every token.
    private(set) var rootChildren: [Int32] = []

    /// The child of `node` by `syllable`, while the trie is built (the walk reads a `TrieView`).
    private func child(_ node: Int32, _ syllable: Int32) -> Int32? {
        if node == Self.root {
            guard Int(syllable) < rootChildren.count else { return nil }
            let child = rootChildren[Int(syllable)]
            return child < 0 ? nil : child
        }
        return edges[UInt64(UInt32(bitPattern: node)) << 32 | UInt64(UInt32(bitPattern: syllable))]
    }

    mutating func insert(_ syllables: [Int32], _ ref: TermRef) {
        var node = Self.root
        for syllable in syllables {
            let key = UInt64(UInt32(bitPattern: node)) << 32 | UInt64(UInt32(bitPattern: syllable))
            if let next = child(node, syllable) {
                node = next
            } else {
                let next = Int32(building.count)
                building.append([])
                if node == Self.root {
                    if Int(syllable) >= rootChildren.count {
                        rootChildren.append(contentsOf: repeatElement(-1, count: Int(syllable) + 1 - rootChildren.count))
                    }
                    rootChildren[Int(syllable)] = next
                } else {
                    edges.insert(key, next)
                }
                node = next
            }
        }
        if !building[Int(node)].contains(ref) { building[Int(node)].append(ref) }
    }

    /// Lays the terminals out flat for the walk; call once after the last insert.
    mutating func freeze() {
        terminalStart.removeAll(keepingCapacity: true)
        terminalRefs.removeAll(keepingCapacity: true)
        for refs in building {
            terminalStart.append(Int32(terminalRefs.count))
            terminalRefs.append(contentsOf: refs)
        }
        terminalStart.append(Int32(terminalRefs.count))
    }
}

/// A frozen `SyllableTrie` as the term walk reads it, from `_UnsafeFrozenArray`s in a
/// `TrieMemory` (valid while it lives: the rule set keeps both).
///
/// Each step to a child also says where the terms ending at the child are listed (in the
/// edge's slot, beside the child's number): a hit then costs one read of its list, not a read
/// of a per-node index and then of the list, each a likely cache miss.
struct TrieView: Sendable {
    /// A node reached by a step, and the first of the terms ending there in the list of
    /// `TerminalEntry`s (-1: none).
    struct Step {
        let node: Int32
        let terminals: Int32

        static let root = Step(node: SyllableTrie.root, terminals: -1)
    }

    /// A term ending at a node; the node's terms follow each other, the last one marked.
    struct TerminalEntry {
        let ref: TermRef
        let isLast: Bool
    }

    /// The root's steps by syllable id (node -1: none).
    private let rootSteps: _UnsafeFrozenArray<Step>
    /// Edges from other nodes: the child, and its first terminal entry as the extra value.
    private let edges: EdgeTable.View
    private let entries: _UnsafeFrozenArray<TerminalEntry>

    /// A view of `trie` (frozen) copied into `memory`.
    init(_ trie: SyllableTrie, memory: TrieMemory) {
        let nodeCount = trie.terminalStart.count - 1
        var firstEntry = [Int32](repeating: -1, count: nodeCount)
        var entries: [TerminalEntry] = []
        for node in 0..<nodeCount {
            let refs = trie.terminalRefs[Int(trie.terminalStart[node])..<Int(trie.terminalStart[node + 1])]
            guard !refs.isEmpty else { continue }
            firstEntry[node] = Int32(entries.count)
            for (k, ref) in refs.enumerated() { entries.append(TerminalEntry(ref: ref, isLast: k == refs.count - 1)) }
        }
        rootSteps = memory.frozen(trie.rootChildren.map { child in
            child < 0 ? Step(node: -1, terminals: -1) : Step(node: child, terminals: firstEntry[Int(child)])
        })
        edges = trie.edges.view(in: memory) { child in firstEntry[Int(child)] }
        self.entries = memory.frozen(entries)
    }

    /// The step from `node` by `syllable` (≥ 0), if the trie has that edge.
    @inline(__always)
    func step(_ node: Int32, _ syllable: Int32) -> Step? {
        if node == SyllableTrie.root {
            guard UInt(bitPattern: Int(syllable)) < UInt(rootSteps.count) else { return nil }
            let step = rootSteps[Int(syllable)]
            return step.node < 0 ? nil : step
        }
        guard let (child, terminals) = edges[UInt64(UInt32(bitPattern: node)) << 32 | UInt64(UInt32(bitPattern: syllable))] else { return nil }
        return Step(node: child, terminals: terminals)
    }

    /// Prefetches what a walk from the root by `first` then `second` (-1: none) reads: the
    /// terminal entries of the root's child for `first`, and the edge from that child by
    /// `second` (see `EdgeTable.View.readAhead`), so that these cache misses overlap instead
    /// of being waited on in turn.
    @inline(__always)
    func readAhead(_ first: Int32, _ second: Int32) {
        guard let child = step(SyllableTrie.root, first) else { return }
        if child.terminals >= 0 { entries.prefetch(Int(child.terminals)) }
        guard second >= 0 else { return }
        edges.readAhead(UInt64(UInt32(bitPattern: child.node)) << 32 | UInt64(UInt32(bitPattern: second)))
    }

    /// Terminal entry `index` (from `Step.terminals`, then following while not `isLast`).
    @inline(__always)
    func entry(_ index: Int32) -> TerminalEntry { entries[Int(index)] }
}

/// Syllable strings → dense ids shared by both tries.
///
/// Looked up by a syllable's `ByteHash`, compared byte for byte against the syllables' bytes
/// kept in one array (a `Dictionary<String, _>` pays seeded SipHash and Unicode-aware
/// equality on every lookup): once per new chunk's token by the rule set's normalizer
/// (`VocabularyIndex`), once per post's token for texts from another normalizer. A slot holds the
/// hash, id and place of its syllable's bytes, so that a lookup reads one slot and then the
/// bytes: most lookups come from new chunks, where every read is a cache miss.
struct Vocabulary: Sendable {
    /// One syllable in the open-addressing table (`id` -1: empty).
    fileprivate struct Slot {
        var hash: UInt64 = 0
        var id: Int32 = -1
        var start: Int32 = 0
        var count: Int32 = 0
    }

    private var slots: [Slot]
    /// The syllables' UTF-8, one after the other (a slot says where its syllable's bytes are).
    private var bytes: [UInt8] = []
    private var mask: Int
    /// The number of syllables; ids run from 0.
    private(set) var count = 0

    init() {
        slots = [Slot](repeating: Slot(), count: 64)
        mask = 63
    }

    @inline(__always)
    fileprivate static func slot(_ hash: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask }

    /// Where a look-up of `syllable` ends while the vocabulary is built: its id, or the empty
    /// slot where it would go.
    private func find(_ syllable: Span<UInt8>, hash: UInt64) -> (slot: Int, id: Int32) {
        var i = Vocabulary.slot(hash, mask)
        while true {
            let slot = slots[i]
            if slot.id < 0 { return (i, -1) }
            if slot.hash == hash, Int(slot.count) == syllable.count,
                syllable.indices.allSatisfy({ bytes[Int(slot.start) + $0] == syllable[$0] })
            {
                return (i, slot.id)
            }
            i = (i + 1) & mask
        }
    }

    /// The vocabulary frozen into `memory`, as the term walk and the normalizer read it.
    func view(in memory: TrieMemory) -> View {
        View(slots: memory.frozen(slots), mask: mask, bytes: memory.frozen(bytes))
    }

    /// A frozen vocabulary, from `_UnsafeFrozenArray`s in a `TrieMemory` (valid while it lives).
    struct View: Sendable {
        fileprivate let slots: _UnsafeFrozenArray<Slot>
        fileprivate let mask: Int
        fileprivate let bytes: _UnsafeFrozenArray<UInt8>

        /// Where a look-up of `syllable` ends: its id, or the empty slot where it would go.
        @inline(__always)
        fileprivate func find(_ syllable: Span<UInt8>, hash: UInt64) -> (slot: Int, id: Int32) {
            var i = Vocabulary.slot(hash, mask)
            while true {
                let slot = slots[i]
                if slot.id < 0 { return (i, -1) }
                if slot.hash == hash, Int(slot.count) == syllable.count, bytes.equal(at: Int(slot.start), syllable) {
                    return (i, slot.id)
                }
                i = (i + 1) & mask
            }
        }

        /// The id of a syllable given as UTF-8 with its `ByteHash`, or -1.
        @inline(__always)
        func id(_ syllable: Span<UInt8>, hash: UInt64) -> Int32 { find(syllable, hash: hash).id }

        /// Prefetches the first slot a look-up of `hash` reads.
        @inline(__always)
        func prefetch(hash: UInt64) { slots.prefetch(Vocabulary.slot(hash, mask)) }
    }

    mutating func intern(_ syllable: String) -> Int32 {
        let utf8 = syllable.utf8.span
        do {
            let hash = ByteHash.of(utf8)
            let (slot, id) = find(utf8, hash: hash)
            if id >= 0 { return id }
            let new = Int32(count)
            slots[slot] = Slot(hash: hash, id: new, start: Int32(bytes.count), count: Int32(utf8.count))
            bytes.append(contentsOf: syllable.utf8)
            count += 1
            if count * 2 > slots.count { rehash() }
            return new
        }
    }

    /// Twice the slots, each syllable's slot moved as it is (it holds all that a look-up reads).
    private mutating func rehash() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: old.count * 2)
        mask = slots.count - 1
        for slot in old where slot.id >= 0 {
            var i = Self.slot(slot.hash, mask)
            while slots[i].id >= 0 { i = (i + 1) & mask }
            slots[i] = slot
        }
    }

    /// The id of a syllable, or -1.
    func id(_ syllable: String) -> Int32 {
        let utf8 = syllable.utf8.span
        return find(utf8, hash: ByteHash.of(utf8)).id
    }
}

/// A rule set's vocabulary as the normalizer's `SyllableIndex`: the posts' tokens then carry
/// their canonical syllable's id, and the term walk reads it instead of looking it up.
final class VocabularyIndex: SyllableIndex {
    private let memory = TrieMemory()
    /// The vocabulary in `memory`, valid while this index lives.
    let view: Vocabulary.View

    init(_ vocabulary: Vocabulary) {
        self.view = vocabulary.view(in: memory)
    }

    func id(ofSyllable utf8: Span<UInt8>, hash: UInt64) -> Int32 {
        view.id(utf8, hash: hash)
    }

    func prefetch(hash: UInt64) { view.prefetch(hash: hash) }
}
