/// The scalars of valid UTF-8 (a `String`'s bytes), decoded as they are read.
enum ValidUTF8Scalars {
    /// The length of the sequence a lead byte opens.
    @inline(__always)
    static func width(lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
    }

    /// The scalar that starts at `offset` (below `bytes.count`), and `offset` moved past it.
    @inline(__always)
    static func decode(_ bytes: Span<UInt8>, at offset: inout Int) -> Unicode.Scalar {
        let lead = bytes[offset]
        if lead < 0x80 {
            offset += 1
            return Unicode.Scalar(lead)
        }
        let width = width(lead: lead)
        var value = UInt32(lead) & (0xFF >> (width + 1))
        for k in 1..<width where offset + k < bytes.count { value = value << 6 | UInt32(bytes[offset + k] & 0x3F) }
        offset += width
        // Valid UTF-8 always decodes to a scalar.
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    /// Whether some scalar of `bytes` satisfies `predicate`.
    static func contains(_ bytes: Span<UInt8>, where predicate: (Unicode.Scalar) -> Bool) -> Bool {
        var offset = 0
        while offset < bytes.count {
            if predicate(decode(bytes, at: &offset)) { return true }
        }
        return false
    }
}
