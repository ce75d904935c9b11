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

    /// The bytes of `range`, as long as `owner` (the `BufferedInput` holding this storage) is
    /// borrowed; the owner keeps them unwritten and allocated until its next call.
    @_lifetime(borrow owner)
    func span(_ range: Range<Int>, ownedBy owner: borrowing some AnyObject) -> Span<UInt8> {
        assert(range.lowerBound >= 0 && range.upperBound <= capacity)
        let bytes = Span(_unsafeStart: UnsafePointer(base + range.lowerBound), count: range.count)
        return _overrideLifetime(bytes, borrowing: owner)
    }

    /// Lets `body` append bytes to `range` (a `ByteSource` reading into it); how many it did.
    func append(
        into range: Range<Int>, _ body: (inout OutputRawSpan) throws(InputOpenError) -> Void
    ) throws(InputOpenError) -> Int {
        assert(range.lowerBound >= 0 && range.upperBound <= capacity)
        let region = UnsafeMutableRawBufferPointer(start: base + range.lowerBound, count: range.count)
        var bytes = OutputRawSpan(buffer: region, initializedCount: 0)
        try body(&bytes)
        return bytes.finalize(for: region)
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
