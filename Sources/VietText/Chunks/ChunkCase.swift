/// Capitals that a chunk can be looked up without: those whose small letter is as long in
/// UTF-8 and folds to the same scalar (NFKC_Casefold maps the capital to it), so that every
/// step of a chunk's normalization, which reads folded scalars (and, of the original, only
/// each scalar's UTF-8 length and the facts, which a case pair shares), gives the same layers.
///
/// ASCII `A`-`Z`; U+00C0-U+00DE but `×`; the Vietnamese capitals `Ă Đ Ĩ Ũ Ơ Ư`; and the
/// Latin Extended Additional capitals U+1EA0-U+1EF8 (each before its small letter), which
/// hold every toned Vietnamese vowel. Others (`ẞ`, `İ`, Greek, Cyrillic) are left as they are.
enum ChunkCase {
    /// The blob of `chunk` written with those capitals in small letters, when that differs
    /// from `chunk` and the table holds it. Chunks longer than the cache keeps are not looked up.
    static func findInSmallLetters(_ chunk: Span<UInt8>, lookup: ChunkTable.Lookup) -> (offset: Int, header: ChunkBlob.Header)? {
        guard chunk.count <= ChunkCache.maximumChunkLength else { return nil }
        var buffer = InlineArray<96, UInt8>(repeating: 0)
        assert(buffer.count == ChunkCache.maximumChunkLength, "the small letters' buffer holds any chunk the cache keeps")
        var out = buffer.mutableSpan
        guard smallLetters(chunk, into: &out) else { return nil }
        let small = buffer.span.extracting(0..<chunk.count)
        return lookup.find(small, hash: ChunkHash.of(small))
    }

    /// Writes `chunk` with those capitals in small letters to the start of `out` (as many
    /// bytes); false when it holds none.
    static func smallLetters(_ chunk: Span<UInt8>, into out: inout MutableSpan<UInt8>) -> Bool {
        let count = chunk.count
        for i in 0..<count { out[i] = chunk[i] }
        var changed = false
        var i = 0
        while i < count {
            let lead = chunk[i]
            let width = min(ValidUTF8Scalars.width(lead: lead), count - i)
            switch (lead, width) {
            case (0x41...0x5A, 1):
                out[i] = lead | 0x20
                changed = true
            case (0xC3, 2) where (0x80...0x9E).contains(chunk[i + 1]) && chunk[i + 1] != 0x97:
                out[i + 1] = chunk[i + 1] + 0x20  // U+00C0-U+00DE → U+00E0-U+00FE
                changed = true
            case (0xC4, 2) where chunk[i + 1] == 0x82 || chunk[i + 1] == 0x90 || chunk[i + 1] == 0xA8,
                 (0xC5, 2) where chunk[i + 1] == 0xA8,
                 (0xC6, 2) where chunk[i + 1] == 0xA0 || chunk[i + 1] == 0xAF:
                out[i + 1] = chunk[i + 1] + 1  // Ă Đ Ĩ Ũ Ơ Ư → ă đ ĩ ũ ơ ư
                changed = true
            case (0xE1, 3):
                let value = (UInt32(chunk[i + 1] & 0x3F) << 6) | UInt32(chunk[i + 2] & 0x3F) | 0x1000
                if (0x1EA0...0x1EF8).contains(value), value & 1 == 0 {
                    out[i + 2] = chunk[i + 2] + 1
                    changed = true
                }
            default:
                break
            }
            i += width
        }
        return changed
    }
}
