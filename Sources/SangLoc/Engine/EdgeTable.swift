/// An open-addressing hash table from 64-bit keys to 32-bit values, for the trie's edges.
///
/// Hand-written because the matcher looks up one edge per token per layer, and `Dictionary`'s
/// seeded SipHash cost more than the rest of the walk; a multiplicative hash is enough for
/// keys we build ourselves. Immutable once built, so safe to share between tasks.
struct EdgeTable: Sendable {
    /// Key and value side by side: one cache line serves a probe. `extra` (in what would be
    /// padding) is a second value that the frozen copy carries (`view(in:extra:)`).
    fileprivate struct Slot {
        var key: UInt64
        var value: Int32
        var extra: Int32 = -1
    }

    private var slots: [Slot]
    private var mask: Int
    private(set) var count = 0
    fileprivate static let empty = UInt64.max
    /// One bit per key hash (another part of the hash than the slot's): a clear bit means no
    /// such edge. Most lookups of a walk ask for an edge that is not there; the filter, a
    /// 32nd of the slots' size, stays in cache and answers them without touching the slots.
    private var filter: [UInt64]
    private var filterMask: Int

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(key: Self.empty, value: 0), count: size)
        mask = size - 1
        // About 8 bits per key at the table's greatest load: few false positives.
        filter = [UInt64](repeating: 0, count: max(1, size / 16))
        filterMask = filter.count * 64 - 1
    }

    @inline(__always)
    fileprivate static func filterBit(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0xC2B2_AE3D_27D4_EB4F) >> 40) & mask
    }

    @inline(__always)
    fileprivate static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The value for `key` while the table is built (the walk reads a `View`).
    subscript(key: UInt64) -> Int32? {
        var i = Self.slot(key, mask)
        while true {
            let slot = slots[i]
            if slot.key == key { return slot.value }
            if slot.key == Self.empty { return nil }
            i = (i + 1) & mask
        }
    }

    mutating func insert(_ key: UInt64, _ value: Int32) {
        if (count + 1) * 2 > slots.count { grow() }
        var i = Self.slot(key, mask)
        while slots[i].key != Self.empty, slots[i].key != key { i = (i + 1) & mask }
        if slots[i].key == Self.empty { count += 1 }
        slots[i] = Slot(key: key, value: value)
        let bit = Self.filterBit(key, filterMask)
        filter[bit >> 6] |= 1 << UInt64(bit & 63)
    }

    /// The table frozen into `memory`, as the term walk reads it, each key with `extra(value)`
    /// beside its value.
    func view(in memory: TrieMemory, extra: (Int32) -> Int32) -> View {
        let frozen = slots.map { slot in
            slot.key == Self.empty ? slot : Slot(key: slot.key, value: slot.value, extra: extra(slot.value))
        }
        return View(slots: memory.frozen(frozen), mask: mask, filter: memory.frozen(filter), filterMask: filterMask)
    }

    /// A frozen table, from `_UnsafeFrozenArray`s in a `TrieMemory` (valid while it lives).
    struct View: Sendable {
        fileprivate let slots: _UnsafeFrozenArray<Slot>
        fileprivate let mask: Int
        fileprivate let filter: _UnsafeFrozenArray<UInt64>
        fileprivate let filterMask: Int

        /// False when the filter says `key` is not in the table.
        @inline(__always)
        private func mayContain(_ key: UInt64) -> Bool {
            let bit = EdgeTable.filterBit(key, filterMask)
            return filter[bit >> 6] & (1 << UInt64(bit & 63)) != 0
        }

        /// Prefetches the slot where `key` would be, when the filter says it may be there: a
        /// look-up made a little later then finds the slot in cache.
        @inline(__always)
        func readAhead(_ key: UInt64) {
            guard mayContain(key) else { return }
            slots.prefetch(EdgeTable.slot(key, mask))
        }

        /// The value and the extra value for `key`.
        @inline(__always)
        subscript(key: UInt64) -> (value: Int32, extra: Int32)? {
            guard mayContain(key) else { return nil }
            var i = EdgeTable.slot(key, mask)
            while true {
                let slot = slots[i]
                if slot.key == key { return (slot.value, slot.extra) }
                if slot.key == EdgeTable.empty { return nil }
                i = (i + 1) & mask
            }
        }
    }

    private mutating func grow() {
        let old = slots
        self = EdgeTable(capacity: old.count)
        for slot in old where slot.key != Self.empty { insert(slot.key, slot.value) }
    }
}
