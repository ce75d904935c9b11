/// The phonotactic tables the syllable parser is driven by.
///
/// Validity is derived from the structure of the Vietnamese syllable, not from a word list:
/// a syllable is `onset + (glide) + nucleus + coda` with a tone, where
/// - the onset is one of b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x or empty;
/// - the optional medial glide is o (before a ă e) or u (before â ê ơ y yê ya; after q also a ă e i ô);
/// - the nucleus is a monophthong, a diphthong (iê/yê/ia/ya, uô/ua, ươ/ưa) or oo (xoong);
/// - the coda is empty, a consonant (c ch m n ng nh p t) or a semivowel (i y o u), as the nucleus allows;
/// - spelling rules hold: k, gh, ngh only before i e ê y; c, g, ng never there (the onset gi aside);
///   q only as qu; iê is written yê after a glide or without onset;
/// - a syllable closed by c, ch, p or t takes only the rising or heavy tone (checked when strict).
/// The tables list which codas each nucleus takes in each context (no glide, glide o, glide u, after qu).
enum SyllablePhonotactics {
    typealias L = VietLetterCode

    // MARK: Onsets

    /// Onsets as (spelling, letter codes). Index 0 is the empty onset.
    static let onsetNames: [String] = [
        "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh",
        "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
    ]
    static let noOnset = 0
    static let onsetC = 2, onsetG = 6, onsetGH = 7, onsetGI = 8, onsetK = 10
    static let onsetNG = 15, onsetNGH = 16, onsetQU = 20

    /// Each consonant-only onset packed as `count << 24 | c0 | c1 << 8 | c2 << 16`, for matching a consonant run.
    static let onsetKeys: [UInt32] = onsetNames.map { name in
        let codes = name.unicodeScalars.map { L.code(ofInfo: L.info($0)) }
        return codes.enumerated().reduce(UInt32(codes.count) << 24) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
    }

    /// Onsets after which no medial glide may follow (c and k spell /kw/ as qu; gi, gh, ngh take no glide).
    static func forbidsGlide(_ onset: Int) -> Bool {
        onset == onsetC || onset == onsetK || onset == onsetGH || onset == onsetNGH || onset == onsetGI
            || onset == onsetQU
    }

    // MARK: Codas

    /// Coda spellings; the index is the coda's bit in a coda mask.
    static let codaNames: [String] = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "y", "o", "u"]

    /// Whether the coda is a stop (c ch p t), which restricts the tone.
    static func isStop(_ coda: Int) -> Bool { coda == 1 || coda == 2 || coda == 7 || coda == 8 }

    /// The coda index of the letters `codes[0..<count]`, or nil when they are not a coda.
    @inline(__always)
    static func coda(_ first: UInt8, _ second: UInt8, count: Int) -> Int? {
        switch count {
        case 0: return 0
        case 1:
            switch first {
            case L.c: return 1
            case L.m: return 3
            case L.n: return 4
            case L.p: return 7
            case L.t: return 8
            case L.i: return 9
            case L.y: return 10
            case L.o: return 11
            case L.u: return 12
            default: return nil
            }
        case 2:
            if second == L.h { return first == L.c ? 2 : first == L.n ? 6 : nil }
            return first == L.n && second == L.g ? 5 : nil
        default: return nil
        }
    }

    /// A coda mask from a space-separated list of coda spellings; "-" is the empty coda.
    private static func codas(_ list: String) -> UInt16 {
        list.split(separator: " ").reduce(0) { mask, name in
            let index = name == "-" ? 0 : codaNames.firstIndex(of: String(name))!
            return mask | 1 << UInt16(index)
        }
    }

    // MARK: Nuclei

    /// Where a nucleus spelling may stand when no glide precedes it.
    enum OnsetRule { case any, onsetRequired, onsetForbidden, onlyAfterGI }

    /// One written form of a nucleus and the codas it takes in each context (a plain value, cheap to copy).
    struct NucleusForm {
        /// Letters as written (second is `nil` for a single letter).
        let first: UInt8, second: UInt8?
        /// Letters of the canonical spelling (differs only for the half-horned ươ forms).
        let canonicalFirst: UInt8, canonicalSecond: UInt8?
        let rule: OnsetRule
        /// Coda masks: without glide, after glide o, after glide u, after qu.
        let plain: UInt16, glideO: UInt16, glideU: UInt16, afterQU: UInt16

        var length: Int { second == nil ? 1 : 2 }
        /// Whether this is a misspelling accepted only to repair it (uơ/ưo for ươ).
        var repairsHorn: Bool { first != canonicalFirst || second != canonicalSecond }

        init(_ name: String, _ rule: OnsetRule = .any, plain: String, o: String = "", u: String = "",
             qu: String = "", writtenAs written: String? = nil) {
            func codes(_ text: String) -> (UInt8, UInt8?) {
                let all = text.unicodeScalars.map { L.code(ofInfo: L.info($0)) }
                return (all[0], all.count > 1 ? all[1] : nil)
            }
            (canonicalFirst, canonicalSecond) = codes(name)
            (first, second) = codes(written ?? name)
            self.rule = rule
            self.plain = codas(plain)
            self.glideO = codas(o)
            self.glideU = codas(u)
            self.afterQU = codas(qu)
        }
    }

    /// The canonical toneless spelling of each nucleus form, for `VietSyllable.nucleus`.
    static let nucleusNames: [String] = nuclei.map { form in
        String(String.UnicodeScalarView([form.canonicalFirst, form.canonicalSecond].compactMap { $0 }.map(L.scalar)))
    }

    /// Every nucleus form, with the codas standard Vietnamese allows after it.
    static let nuclei: [NucleusForm] = [
        NucleusForm("a", plain: "- c ch m n ng nh p t i y o u", o: "- c ch m n ng nh p t i y",
                    qu: "- c ch m n ng nh p t i y o u"),
        NucleusForm("ă", plain: "c m n ng p t", o: "c m n ng t", qu: "c m n ng p t"),
        NucleusForm("â", plain: "c m n ng p t u y", u: "n ng t y", qu: "n ng t y"),
        NucleusForm("e", plain: "- c m n ng p t o", o: "- n t o", qu: "- n t o"),
        NucleusForm("ê", plain: "- ch m n nh p t u", u: "- ch nh", qu: "- ch n nh t u"),
        NucleusForm("i", plain: "- ch m n nh p t u", qu: "- ch nh t"),
        NucleusForm("y", plain: "-", u: "- ch nh p t u", qu: "- ch nh p t u"),
        NucleusForm("o", plain: "- c m n ng p t i"),
        NucleusForm("oo", plain: "c ng"),
        NucleusForm("ô", plain: "- c m n ng p t i", qu: "c"),
        NucleusForm("ơ", plain: "- m n p t i", u: "-", qu: "-"),
        NucleusForm("u", plain: "- c m n ng p t i"),
        // ưm only in interjections (ừm, hừm), which are everywhere in comments.
        NucleusForm("ư", plain: "- c m ng t i u"),
        NucleusForm("iê", .onsetRequired, plain: "c m n ng p t u"),
        NucleusForm("yê", .onsetForbidden, plain: "c m n ng p t u", u: "n t", qu: "n t"),
        // After gi the i of iê is not written twice: giếng, giết, giễu.
        NucleusForm("ê", .onlyAfterGI, plain: "c m n ng p t u"),
        NucleusForm("ia", plain: "-"),
        NucleusForm("ya", .onsetForbidden, plain: "", u: "-"),
        NucleusForm("uô", plain: "c m n ng t i"),
        NucleusForm("ua", plain: "-"),
        NucleusForm("ươ", plain: "c m n ng p t i u"),
        NucleusForm("ưa", plain: "-"),
        // Half-horned ươ as typed by hurried or misconfigured keyboards: lựơng, luợng → lượng.
        NucleusForm("ươ", plain: "c m n ng p t i u", writtenAs: "uơ"),
        NucleusForm("ươ", plain: "c m n ng p t i u", writtenAs: "ưo"),
    ]

    /// `nuclei` for the parser.
    static let nucleusTable = nuclei

    /// For each letter code, the nuclei whose first written letter is that letter, as a bit mask
    /// of indices into `nuclei` (so that the parser tries only those, in table order).
    static let nucleiStartingWith = nucleusMasks { form, code in form.first == code }
    /// The same for text typed without diacritics: an unmarked letter also stands for its marked forms.
    static let nucleiStartingWithBare = nucleusMasks { form, code in
        form.first == code || L.bareCodes[Int(form.first)] == code
    }

    private static func nucleusMasks(_ accepts: (NucleusForm, UInt8) -> Bool) -> [UInt32] {
        precondition(nuclei.count <= 32)
        return (0..<UInt8(L.count)).map { code in
            nuclei.indices.reduce(0) { mask, index in accepts(nuclei[index], code) ? mask | 1 << UInt32(index) : mask }
        }
    }

    // MARK: Tone placement

    /// Where the old-style (traditional) orthography puts the tone mark, as an offset into
    /// the rhyme (glide letter first, if any).
    ///
    /// 1. On the last vowel with a quality mark (ă â ê ô ơ ư): thuở, lượng, nguyễn.
    /// 2. Else, when a coda follows, on the nucleus's last letter: bảo, toán, hoạch, khuỷu.
    /// 3. Else, after a glide before a single vowel, on the glide: hòa, thủy, khỏe.
    /// 4. Else on the nucleus's first letter: mía, múa, khuya (on y).
    static func toneOffset(hasGlide: Bool, nucleusFirst: UInt8, nucleusSecond: UInt8?, hasCoda: Bool) -> Int {
        let start = hasGlide ? 1 : 0
        if let second = nucleusSecond, L.hasQualityMark(second) { return start + 1 }
        if L.hasQualityMark(nucleusFirst) { return start }
        if hasCoda { return start + (nucleusSecond == nil ? 0 : 1) }
        if hasGlide && nucleusSecond == nil { return 0 }
        return start
    }
}
