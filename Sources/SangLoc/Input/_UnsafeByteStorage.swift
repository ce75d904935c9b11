#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one allocation of a `BufferedInput`: a fixed-capacity byte region, its pointer work
/// behind asserted indices. A handle, not an owner: `BufferedInput` frees it once, in `deinit`
/// or when it moves to a larger one.
struct _UnsafeByteStorage {
    private let base: UnsafeMutablePointer<UInt8>
    /// Bytes allocated.
    let capacity: Int

    /// Uninitialized room for `capacity` bytes.
    init(capacity: Int) {
        assert(capacity > 0)
        base = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    /// Frees the region; the storage must not be used afterwards.
    func deallocate() {
        base.deallocate()
    }

    /// The byte at `index`.
    subscript(index: Int) -> UInt8 {
        assert(index >= 0 && index < capacity)
        return base[index]
    }

    /// A view of `range`, valid until the storage is written or freed.
    func view(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        assert(range.lowerBound >= 0 && range.upperBound <= capacity)
        return UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// Room to write into at `range`, for a `ByteSource` to read into.
    func writableRegion(_ range: Range<Int>) -> UnsafeMutableRawBufferPointer {
        assert(range.lowerBound >= 0 && range.upperBound <= capacity)
        return UnsafeMutableRawBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// Copies the bytes of `range` to start at `destination` (the two may overlap).
    func move(_ range: Range<Int>, to destination: Int) {
        assert(range.lowerBound >= 0 && range.upperBound <= capacity)
        assert(destination >= 0 && destination + range.count <= capacity)
        guard !range.isEmpty else { return }
        (base + destination).update(from: base + range.lowerBound, count: range.count)
    }

    /// Copies the bytes of `range` from `other` to start at `destination` here.
    func copy(_ range: Range<Int>, of other: _UnsafeByteStorage, to destination: Int) {
        assert(range.lowerBound >= 0 && range.upperBound <= other.capacity)
        assert(destination >= 0 && destination + range.count <= capacity)
        guard !range.isEmpty else { return }
        (base + destination).update(from: other.base + range.lowerBound, count: range.count)
    }

    /// Copies `bytes` to start at `destination`.
    func copy(_ bytes: [UInt8], to destination: Int) {
        assert(destination >= 0 && destination + bytes.count <= capacity)
        bytes.withUnsafeBufferPointer { bytes in
            guard let source = bytes.baseAddress else { return }
            (base + destination).update(from: source, count: bytes.count)
        }
    }

    /// The index of the first `byte` in `range` (`memchr`), nil when there is none.
    func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        assert(range.lowerBound >= 0 && range.upperBound <= capacity)
        guard !range.isEmpty, let found = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
        return found.assumingMemoryBound(to: UInt8.self) - base
    }
}
