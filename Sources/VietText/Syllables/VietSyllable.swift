/// One parsed Vietnamese syllable: onset, medial glide, nucleus, coda and tone.
///
/// The four spelling fields are toneless, lowercase, and concatenate to the syllable's canonical
/// spelling without its tone mark: "quyển" is `qu` + (no glide) + `yê` + `n`, "hoạch" is `h` + `o` + `a` + `ch`,
/// "giếng" is `gi` + (no glide) + `ê` + `ng`, and "gì" (where gi and the vowel share one i) is `g` + (no
/// glide) + `i` + (no coda).
/// Validity comes from Vietnamese phonotactics (see `SyllablePhonotactics`), not from a word list.
public struct VietSyllable: Sendable, Hashable {
    /// The initial consonant as written: "", b, c, ch, d, đ, g, gh, gi, h, k, kh, l, m, n, ng, ngh, nh,
    /// p, ph, qu, r, s, t, th, tr, v or x.
    public var onset: String
    /// The medial glide: "o" (hoa), "u" (thuê) or "". After q the u belongs to the onset "qu".
    public var glide: String
    /// The vowel nucleus without tone: a single vowel, a diphthong (iê yê ia ya uô ua ươ ưa) or oo.
    public var nucleus: String
    /// The final: "", a consonant (c ch m n ng nh p t) or a semivowel (i y o u).
    public var coda: String
    /// The tone.
    public var tone: VietTone

    /// Creates a syllable from its parts, unchecked; `canonical` spells whatever the parts say.
    public init(onset: String, glide: String, nucleus: String, coda: String, tone: VietTone) {
        self.onset = onset
        self.glide = glide
        self.nucleus = nucleus
        self.coda = coda
        self.tone = tone
    }

    /// Parses one lowercase NFC syllable, wherever its tone mark sits.
    ///
    /// Accepts old-style, new-style and misplaced marks ("hoà", "hòa", "baỏ", "thuỷ") and a
    /// half-written horn in ươ ("lựơng", "luợng").
    /// - Parameters:
    ///   - scalars: the letters; uppercase letters, digits and decomposed marks are rejected.
    ///   - strict: require a rising or heavy tone when the syllable ends in c, ch, p or t.
    /// - Returns: nil when the letters do not form a Vietnamese syllable.
    public init?(_ scalars: some Collection<Unicode.Scalar>, strict: Bool = true) {
        guard let letters = SyllableLetters(scalars),
            let parse = SyllableParser.parse(letters, bare: false, strict: strict)
        else { return nil }
        onset = parse.onset == SyllablePhonotactics.onsetG ? "g" : SyllablePhonotactics.onsetNames[parse.onset]
        glide = parse.glide == VietLetterCode.o ? "o" : parse.glide == VietLetterCode.u ? "u" : ""
        nucleus = SyllablePhonotactics.nucleusNames[parse.nucleus]
        coda = SyllablePhonotactics.codaNames[parse.coda]
        tone = parse.tone
    }

    /// The syllable spelled with the tone mark in its canonical old-style place.
    ///
    /// "hòa", "thủy", "khỏe", "bảo", "quý", "già", "thuở", "lượng". Fields edited into letters that
    /// are not Vietnamese are copied through unchanged, without a tone mark.
    public var canonical: [Unicode.Scalar] {
        let rhyme = Array(glide.unicodeScalars) + Array(nucleus.unicodeScalars)
        let nucleusCodes = nucleus.unicodeScalars.map { VietLetterCode.code(ofInfo: VietLetterCode.info($0)) }
        var toneIndex = -1
        if let first = nucleusCodes.first, nucleusCodes.count <= 2 {
            toneIndex = SyllablePhonotactics.toneOffset(
                hasGlide: !glide.isEmpty, nucleusFirst: first, nucleusSecond: nucleusCodes.count > 1 ? nucleusCodes[1] : nil,
                hasCoda: !coda.isEmpty)
        }
        var result = Array(onset.unicodeScalars)
        result.reserveCapacity(result.count + rhyme.count + coda.unicodeScalars.count)
        for (index, letter) in rhyme.enumerated() {
            result.append(index == toneIndex ? VietLetters.compose(letter, tone) ?? letter : letter)
        }
        result.append(contentsOf: coda.unicodeScalars)
        return result
    }
}

extension VietSyllable: CustomStringConvertible {
    /// The canonical spelling, as text.
    public var description: String { String(String.UnicodeScalarView(canonical)) }
}
