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

    /// The string of `scalars` with the `ByteHash` of its UTF-8, encoded and hashed in one pass,
    /// and whether it is ASCII.
    static func hashed(encoding scalars: some Collection<Unicode.Scalar>) -> (string: String, hash: UInt64, isASCII: Bool) {
        var count = 0
        for scalar in scalars { count += UTF8.width(scalar) }
        var hash = ByteHash.seed
        let string = String(unsafeUninitializedCapacity: count) { buffer in
            var written = 0
            for scalar in scalars {
                UTF8.encode(scalar) { byte in
                    buffer[written] = byte
                    hash = ByteHash.step(hash, byte)
                    written += 1
                }
            }
            return written
        }
        return (string, ByteHash.finish(hash), count == scalars.count)
    }
}
