@_spi(Engine) import VietText

/// Places the bounds of a regex match on the canonical or bare layer in the original text.
///
/// Inside a token whose form has as many scalars as its original text, each scalar of the form
/// stands for the original one at its place (case, width, look-alike letters, tone marks), so a
/// bound lands on the same scalar; in any other token (`quáaaa` → `quá`, NFD input) it widens
/// to the token's bound. A bound in the space after a token lands on the token's end.
///
/// Matches come in text order: the cursor walks forward from its last place in the same token,
/// so placing all of a post's matches is linear in the post (a bound behind the cursor starts
/// again from the token's start).
struct LayerCursor {
    private var token = -1
    private var scalarByScalar = false
    /// The cursor's place: bytes into the layer, scalars and UTF-8 bytes into the original.
    private var layer = 0
    private var scalar = 0
    private var utf8 = 0

    /// The original scalar and UTF-8 offsets of `offset` in the layer `bytes`, an offset in
    /// token `index`'s form or in the separator after it; `isEnd` says which way to widen.
    mutating func place(
        _ offset: Int, inToken index: Int, isEnd: Bool, layers: TokenLayerView, bare: Bool,
        layerBytes bytes: Span<UInt8>, original: Span<UInt8>
    ) -> (scalar: Int, utf8: Int) {
        let record = layers[index]
        let form = bare ? record.bareRange : record.canonicalRange
        let (scalars, utf8Range) = (record.scalarRange, record.utf8Range)
        if offset <= form.lowerBound { return (scalars.lowerBound, utf8Range.lowerBound) }
        if offset >= form.upperBound { return (scalars.upperBound, utf8Range.upperBound) }
        if index != token {
            token = index
            scalarByScalar = Self.scalarCount(bytes.extracting(form)) == scalars.count
            (layer, scalar, utf8) = (form.lowerBound, scalars.lowerBound, utf8Range.lowerBound)
        } else if offset < layer {
            (layer, scalar, utf8) = (form.lowerBound, scalars.lowerBound, utf8Range.lowerBound)
        }
        guard scalarByScalar else { return isEnd ? (scalars.upperBound, utf8Range.upperBound) : (scalars.lowerBound, utf8Range.lowerBound) }
        while layer < offset {
            layer += Self.width(lead: bytes[layer])
            utf8 += Self.width(lead: original[utf8])
            scalar += 1
        }
        return (scalar, utf8)
    }

    /// The number of scalars in valid UTF-8 `bytes`: the bytes that are not continuation bytes.
    static func scalarCount(_ bytes: Span<UInt8>) -> Int {
        var count = 0
        for index in bytes.indices where bytes[index] & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// The length of the UTF-8 sequence that starts with `lead`.
    @inline(__always)
    static func width(lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }
}
