/// A long post cut into overlapping windows, each normalized and walked on its own, so that
/// what a post holds while it is screened is bounded by a window rather than by the post
/// (docs/design.md §3, "Long posts").
///
/// Cuts fall where a space, tab or line break is followed by a character that is none of
/// them (a token starts there), at least `segmentBytes` apart. A window keeps the evidence that
/// starts in its own part (a run of `ownSegments` segments) and reads one segment more on each
/// side, so that whatever reaches less than a segment across a cut (a term, a `near` pair, a
/// regex match, split letters to rejoin, the words around a bare hit) is found as in the
/// whole post.
struct PostWindows {
    /// Posts of more UTF-8 bytes than this are screened in windows.
    static let threshold = 16 * 1024
    /// The fewest bytes between two cuts: what a window reads past its own part on each side.
    static let segmentBytes = 1024
    /// The segments a window keeps the evidence of.
    static let ownSegments = 8

    struct Window {
        /// The window's text in the post, in UTF-8 bytes.
        var utf8: Range<Int>
        /// The scalar offset of the window's text in the post.
        var scalarStart: Int
        /// The post's scalars whose evidence this window keeps (the last window's own part ends
        /// at `Int.max`: an empty match may sit at the text's end).
        var own: Range<Int>
    }

    let windows: [Window]

    /// The windows of `text`; one window when it has no cut.
    init(_ text: String) {
        var cuts: [(utf8: Int, scalar: Int)] = [(0, 0)]
        var scalars = 0
        var afterSpace = false
        let bytes = text.utf8.span
        for i in 0..<bytes.count {
            let byte = bytes[i]
            if afterSpace, i - cuts[cuts.count - 1].utf8 >= Self.segmentBytes, Self.startsToken(byte) {
                cuts.append((i, scalars))
            }
            if byte & 0xC0 != 0x80 { scalars += 1 }
            afterSpace = byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
        }
        cuts.append((bytes.count, scalars))
        let segments = cuts.count - 1
        windows = stride(from: 0, to: segments, by: Self.ownSegments).map { first in
            let end = min(first + Self.ownSegments, segments)
            let (start, stop) = (cuts[max(first - 1, 0)], cuts[min(end + 1, segments)])
            return Window(
                utf8: start.utf8..<stop.utf8, scalarStart: start.scalar,
                own: cuts[first].scalar..<(end == segments ? Int.max : cuts[end].scalar))
        }
    }

    /// The first byte of a character other than an ASCII space or control character.
    static func startsToken(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte & 0xC0 != 0x80
    }
}
