/// The scalars of valid UTF-8 (a `String`'s bytes), decoded as they are read.
struct ValidUTF8Scalars: Sequence {
    let bytes: UnsafeBufferPointer<UInt8>

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The length of the sequence a lead byte opens.
    @inline(__always)
    static func width(lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
    }

    struct Iterator: IteratorProtocol {
        let bytes: UnsafeBufferPointer<UInt8>
        var offset = 0

        @inline(__always)
        mutating func next() -> Unicode.Scalar? {
            guard offset < bytes.count else { return nil }
            let lead = bytes[offset]
            if lead < 0x80 {
                offset += 1
                return Unicode.Scalar(lead)
            }
            let width = ValidUTF8Scalars.width(lead: lead)
            var value = UInt32(lead) & (0xFF >> (width + 1))
            for k in 1..<width where offset + k < bytes.count { value = value << 6 | UInt32(bytes[offset + k] & 0x3F) }
            offset += width
            // Valid UTF-8 always decodes to a scalar.
            return Unicode.Scalar(value) ?? "\u{FFFD}"
        }
    }

    func makeIterator() -> Iterator { Iterator(bytes: bytes) }
}
