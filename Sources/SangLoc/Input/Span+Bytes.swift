// The few collection operations the readers need on a `Span<UInt8>`, which is not a
// `Collection`: plain loops over bounds-checked indices.

extension Span<UInt8> {
    /// The index of the first `byte` at or after `start`, nil when there is none.
    func firstIndex(of byte: UInt8, from start: Int = 0) -> Int? {
        var index = start
        while index < count {
            if self[index] == byte { return index }
            index += 1
        }
        return nil
    }

    /// Whether `byte` occurs.
    func contains(_ byte: UInt8) -> Bool { firstIndex(of: byte) != nil }

    /// Whether every byte satisfies `predicate`.
    func allSatisfy(_ predicate: (UInt8) -> Bool) -> Bool {
        for index in indices where !predicate(self[index]) { return false }
        return true
    }

    /// Whether the bytes of `range` equal `other`, byte for byte.
    func elementsEqual(_ other: some Collection<UInt8>, in range: Range<Int>) -> Bool {
        guard range.count == other.count else { return false }
        var index = range.lowerBound
        for byte in other {
            if self[index] != byte { return false }
            index += 1
        }
        return true
    }

    /// A copy of the bytes of `range` (all of them by default).
    func copied(_ range: Range<Int>? = nil) -> [UInt8] {
        let range = range ?? 0..<count
        var result: [UInt8] = []
        result.reserveCapacity(range.count)
        for index in range { result.append(self[index]) }
        return result
    }
}
