/// A `String` written in place: its uninitialized UTF-8 storage lent as an `OutputSpan`, whose
/// every append is checked against the capacity (the standard library has no such initializer
/// yet). The string then validates what was written, as `String(decoding:as:)` would.
enum _UnsafeStringWriter {
    /// The string of the bytes `body` appends, at most `capacity` of them (an exact capacity of
    /// at most 15 bytes makes a string held inline, without an allocation).
    @inline(__always)
    static func string(utf8Capacity capacity: Int, _ body: (inout OutputSpan<UInt8>) -> Void) -> String {
        assert(capacity >= 0, "negative string capacity")
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            var out = OutputSpan(buffer: buffer, initializedCount: 0)
            body(&out)
            let written = out.finalize(for: buffer)
            assert(written <= buffer.count, "string written past its capacity")
            return written
        }
    }
}
