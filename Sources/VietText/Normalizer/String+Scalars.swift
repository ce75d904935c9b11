extension String {
    /// The string of `scalars`, encoded to UTF-8 in one pass.
    ///
    /// Much cheaper than appending scalars to a `String.UnicodeScalarView` one by one, which
    /// the normalizer did for every token's canonical and bare forms.
    init(encoding scalars: some Sequence<Unicode.Scalar>) {
        // The exact length: a short string is then held inline, not allocated.
        var count = 0
        for scalar in scalars { count += UTF8.width(scalar) }
        self = _UnsafeStringWriter.string(utf8Capacity: count) { UTF8Writing.encode(scalars, into: &$0) }
    }

    /// The string of `scalars` with the `ByteHash` of its UTF-8, and whether it is ASCII, for
    /// the tokens' short forms.
    static func hashed(encoding scalars: some Collection<Unicode.Scalar>) -> (string: String, hash: UInt64, isASCII: Bool) {
        var count = 0
        for scalar in scalars { count += UTF8.width(scalar) }
        var hash: UInt64 = 0
        let string = _UnsafeStringWriter.string(utf8Capacity: count) { out in
            UTF8Writing.encode(scalars, into: &out)
            hash = ByteHash.of(out.span)
        }
        return (string, hash, count == scalars.count)
    }
}

/// UTF-8 encoding of scalars into an `OutputSpan`, for the tokens' forms.
enum UTF8Writing {
    /// Appends the UTF-8 of `scalars` to `out` (at most 4 bytes a scalar).
    @inline(__always)
    static func encode(_ scalars: some Sequence<Unicode.Scalar>, into out: inout OutputSpan<UInt8>) {
        for scalar in scalars {
            // By hand: the generic `UTF8.encode` with a closure per byte cost more than the rest.
            let value = scalar.value
            if value < 0x80 {
                out.append(UInt8(truncatingIfNeeded: value))
            } else if value < 0x800 {
                out.append(UInt8(truncatingIfNeeded: 0xC0 | value >> 6))
                out.append(UInt8(truncatingIfNeeded: 0x80 | value & 0x3F))
            } else if value < 0x10000 {
                out.append(UInt8(truncatingIfNeeded: 0xE0 | value >> 12))
                out.append(UInt8(truncatingIfNeeded: 0x80 | value >> 6 & 0x3F))
                out.append(UInt8(truncatingIfNeeded: 0x80 | value & 0x3F))
            } else {
                out.append(UInt8(truncatingIfNeeded: 0xF0 | value >> 18))
                out.append(UInt8(truncatingIfNeeded: 0x80 | value >> 12 & 0x3F))
                out.append(UInt8(truncatingIfNeeded: 0x80 | value >> 6 & 0x3F))
                out.append(UInt8(truncatingIfNeeded: 0x80 | value & 0x3F))
            }
        }
    }
}
