/// Bytes written in place into an array's spare capacity, for `JSONWriter`'s composed appends:
/// one capacity check for what would be several small appends. Every write is asserted to
/// stay within the room asked for; nothing else in the writer touches a pointer.
struct _UnsafeComposer {
    private let base: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    /// Bytes written so far.
    private(set) var count = 0

    private init(base: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    /// Appends to `out` the bytes `body` composes, at most `maximumCount` of them.
    @inline(__always)
    static func append(maximumCount: Int, to out: inout [UInt8], _ body: (inout _UnsafeComposer) -> Void) {
        out.append(addingCapacity: maximumCount) { span in
            span.withUnsafeMutableBufferPointer { buffer, initializedCount in
                assert(initializedCount == 0 && buffer.count >= maximumCount)
                var composer = _UnsafeComposer(base: buffer.baseAddress!, capacity: maximumCount)
                body(&composer)
                initializedCount = composer.count
            }
        }
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        assert(count < capacity)
        base[count] = byte
        count += 1
    }

    /// Appends our own literal text (nothing to escape).
    @inline(__always)
    mutating func append(_ text: StaticString) {
        let length = text.utf8CodeUnitCount
        assert(count + length <= capacity)
        (base + count).update(from: text.utf8Start, count: length)
        count += length
    }

    @inline(__always)
    mutating func append(_ bytes: Span<UInt8>) {
        assert(count + bytes.count <= capacity)
        bytes.withUnsafeBufferPointer { bytes in
            if let source = bytes.baseAddress { (base + count).update(from: source, count: bytes.count) }
        }
        count += bytes.count
    }

    /// Appends the bytes of `range` of `bytes` to `out` (an array cannot append a span itself).
    @inline(__always)
    static func append(_ range: Range<Int>, of bytes: Span<UInt8>, to out: inout [UInt8]) {
        assert(range.lowerBound >= 0 && range.upperBound <= bytes.count)
        bytes.withUnsafeBufferPointer { out.append(contentsOf: $0[range]) }
    }

    /// Appends the decimal digits of `value` (with `-` when negative; 21 bytes at most).
    @inline(__always)
    mutating func appendInteger(_ value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        // Counted first, then written from the last.
        var magnitude = value.magnitude
        var digits = 1
        var rest = magnitude / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        assert(count + digits <= capacity)
        var position = count + digits
        repeat {
            position -= 1
            base[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        count += digits
    }
}
