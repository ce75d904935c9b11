import CPrefetch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory for the frozen tables the term walk reads (`TrieView`, `EdgeTable.View`,
/// `Vocabulary.View`) and for `CompiledRuleSet.PerPostTables`: arrays copied once, freed with
/// the rule set that keeps it.
final class TrieMemory: @unchecked Sendable {  // `blocks` is written only while the rule set is compiled, on one thread
    private var blocks: [UnsafeMutableRawPointer] = []

    init() {}

    /// A copy of `array` that lives as long as this memory (plain values only: nothing is
    /// deinitialized when the memory is freed).
    func copy<Element: BitwiseCopyable>(_ array: [Element]) -> UnsafePointer<Element> {
        let block = UnsafeMutablePointer<Element>.allocate(capacity: max(1, array.count))
        _ = UnsafeMutableBufferPointer(start: block, count: array.count).initialize(from: array)
        blocks.append(UnsafeMutableRawPointer(block))
        return UnsafePointer(block)
    }

    /// A copy of `array` that lives as long as this memory, read through `_UnsafeFrozenArray`.
    func frozen<Element: BitwiseCopyable>(_ array: [Element]) -> _UnsafeFrozenArray<Element> {
        _UnsafeFrozenArray(base: copy(array), count: array.count)
    }

    deinit {
        // The elements are plain values (ids, bits, `TermRef`s): nothing to deinitialize.
        for block in blocks { block.deallocate() }
    }
}

/// An array frozen into a `TrieMemory`, read through a plain pointer: the term walk reads one
/// per token and layer, and through an `Array` shared by every worker each read would retain
/// and release it (its count, written from every core, moves between them) and check its
/// bounds. Every index is asserted instead. Valid while the memory that holds it lives.
struct _UnsafeFrozenArray<Element: BitwiseCopyable>: @unchecked Sendable {  // immutable after the copy; freed only with its memory
    private let base: UnsafePointer<Element>
    /// The number of elements.
    let count: Int

    fileprivate init(base: UnsafePointer<Element>, count: Int) {
        self.base = base
        self.count = count
    }

    /// Element `index`.
    @inline(__always)
    subscript(index: Int) -> Element {
        assert(index >= 0 && index < count, "frozen array index out of range")
        return base[index]
    }

    /// Starts bringing element `index` into cache (a hint, not a load).
    @inline(__always)
    func prefetch(_ index: Int) {
        assert(index >= 0 && index < count, "frozen array index out of range")
        sangloc_prefetch(base + index)
    }
}

extension _UnsafeFrozenArray where Element == UInt8 {
    /// Whether the `other.count` bytes from `start` are `other`'s.
    @inline(__always)
    func equal(at start: Int, _ other: Span<UInt8>) -> Bool {
        assert(start >= 0 && start + other.count <= count, "frozen array range out of range")
        return other.withUnsafeBufferPointer { other in
            other.isEmpty || memcmp(base + start, other.baseAddress!, other.count) == 0
        }
    }
}
