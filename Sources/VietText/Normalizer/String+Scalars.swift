extension String {
    /// The string of `scalars`, encoded to UTF-8 in one pass.
    ///
    /// Much cheaper than appending scalars to a `String.UnicodeScalarView` one by one, which
    /// the normalizer did for every token's canonical and bare forms.
    init(encoding scalars: some Sequence<Unicode.Scalar>) {
        var count = 0
        for scalar in scalars { count += UTF8.width(scalar) }
        self.init(unsafeUninitializedCapacity: count) { buffer in
            var written = 0
            for scalar in scalars {
                UTF8.encode(scalar) { byte in
                    buffer[written] = byte
                    written += 1
                }
            }
            return written
        }
    }

    /// The string of `scalars` with the `ByteHash` of its UTF-8, and whether it is ASCII: one
    /// pass over the scalars (the stack holds the bytes), for the tokens' short forms.
    static func hashed(encoding scalars: some Collection<Unicode.Scalar>) -> (string: String, hash: UInt64, isASCII: Bool) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4 * scalars.count) { buffer in
            let written = UTF8Writing.encode(scalars, into: buffer)
            let bytes = UnsafeBufferPointer(rebasing: buffer[0..<written])
            return (String(decoding: bytes, as: UTF8.self), ByteHash.of(bytes), written == scalars.count)
        }
    }
}

/// UTF-8 encoding of scalars into a buffer, for the tokens' forms.
enum UTF8Writing {
    /// Writes the UTF-8 of `scalars` at the start of `buffer` (at least 4 bytes a scalar) and
    /// returns the number of bytes written.
    @inline(__always)
    static func encode(_ scalars: some Collection<Unicode.Scalar>, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var written = 0
        for scalar in scalars {
            // By hand: the generic `UTF8.encode` with a closure per byte cost more than the rest.
            let value = scalar.value
            if value < 0x80 {
                buffer[written] = UInt8(truncatingIfNeeded: value)
                written += 1
            } else if value < 0x800 {
                buffer[written] = UInt8(truncatingIfNeeded: 0xC0 | value >> 6)
                buffer[written + 1] = UInt8(truncatingIfNeeded: 0x80 | value & 0x3F)
                written += 2
            } else if value < 0x10000 {
                buffer[written] = UInt8(truncatingIfNeeded: 0xE0 | value >> 12)
                buffer[written + 1] = UInt8(truncatingIfNeeded: 0x80 | value >> 6 & 0x3F)
                buffer[written + 2] = UInt8(truncatingIfNeeded: 0x80 | value & 0x3F)
                written += 3
            } else {
                buffer[written] = UInt8(truncatingIfNeeded: 0xF0 | value >> 18)
                buffer[written + 1] = UInt8(truncatingIfNeeded: 0x80 | value >> 12 & 0x3F)
                buffer[written + 2] = UInt8(truncatingIfNeeded: 0x80 | value >> 6 & 0x3F)
                buffer[written + 3] = UInt8(truncatingIfNeeded: 0x80 | value & 0x3F)
                written += 4
            }
        }
        return written
    }
}
