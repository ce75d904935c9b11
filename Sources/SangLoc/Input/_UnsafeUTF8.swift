/// Two unchecked reads, behind asserts: a `String` from bytes already known to be UTF-8 (checked
/// by the JSON parser, or cut from a post at scalar bounds: Swift's own check would be a second
/// pass), and eight bytes at a time for the ASCII skips of ``validateUTF8Bytes(_:)`` and
/// `JSONWriter`.
enum _UnsafeUTF8 {
    /// A string of `bytes`, copied once and not checked again.
    ///
    /// - Precondition: `bytes` are well-formed UTF-8, and all ASCII when `isASCII` is true
    ///   (asserted: debug builds check them a second time).
    static func string(validated bytes: Span<UInt8>, isASCII: Bool) -> String {
        assert({
            let check = validateUTF8Bytes(bytes)
            return check.isWellFormed && (!isASCII || check.isASCII)
        }())
        guard !bytes.isEmpty else { return "" }
        return String(copying: UTF8Span(unchecked: bytes, isKnownASCII: isASCII))
    }

    /// The eight bytes from `offset`, as one little- or big-endian word (only their high bits
    /// are looked at, so the order does not matter).
    @inline(__always)
    static func word(_ bytes: Span<UInt8>, at offset: Int) -> UInt64 {
        assert(offset >= 0 && offset + 8 <= bytes.count)
        return bytes.bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: offset, as: UInt64.self)
    }
}
