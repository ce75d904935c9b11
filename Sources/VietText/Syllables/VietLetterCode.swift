/// Small integer codes for the toneless lowercase letters the syllable layer works on.
///
/// Codes 0...11 are the twelve vowel letters in alphabetical order, 12 and up the
/// consonants (the Vietnamese ones first, then f j w z, which are Latin letters that
/// never occur in a native syllable). Working on one-byte codes instead of scalars or
/// strings keeps the per-token hot path free of allocation.
@usableFromInline
enum VietLetterCode {
    static let a: UInt8 = 0, aBreve: UInt8 = 1, aCircumflex: UInt8 = 2
    static let e: UInt8 = 3, eCircumflex: UInt8 = 4, i: UInt8 = 5
    static let o: UInt8 = 6, oCircumflex: UInt8 = 7, oHorn: UInt8 = 8
    static let u: UInt8 = 9, uHorn: UInt8 = 10, y: UInt8 = 11
    static let b: UInt8 = 12, c: UInt8 = 13, d: UInt8 = 14, dStroke: UInt8 = 15
    static let g: UInt8 = 16, h: UInt8 = 17, k: UInt8 = 18, l: UInt8 = 19
    static let m: UInt8 = 20, n: UInt8 = 21, p: UInt8 = 22, q: UInt8 = 23
    static let r: UInt8 = 24, s: UInt8 = 25, t: UInt8 = 26, v: UInt8 = 27
    static let x: UInt8 = 28, f: UInt8 = 29, j: UInt8 = 30, w: UInt8 = 31, z: UInt8 = 32

    /// Number of letter codes.
    static let count = 33

    /// The lowercase toneless scalar value of each code.
    static let scalarValues: [UInt32] = [
        0x61, 0x103, 0xE2, 0x65, 0xEA, 0x69, 0x6F, 0xF4, 0x1A1, 0x75, 0x1B0, 0x79,
        0x62, 0x63, 0x64, 0x111, 0x67, 0x68, 0x6B, 0x6C, 0x6D, 0x6E, 0x70, 0x71,
        0x72, 0x73, 0x74, 0x76, 0x78, 0x66, 0x6A, 0x77, 0x7A,
    ]

    /// The code of each letter with its diacritics removed (ă â → a, ê → e, ô ơ → o, ư → u, đ → d).
    static let bareCodes: [UInt8] = (0..<UInt8(count)).map { code in
        switch code {
        case aBreve, aCircumflex: a
        case eCircumflex: e
        case oCircumflex, oHorn: o
        case uHorn: u
        case dStroke: d
        default: code
        }
    }

    /// Precomposed lowercase vowels: row = vowel code, column = `VietTone.rawValue`.
    static let tonedVowels: [[UInt32]] = [
        [0x61, 0xE0, 0xE1, 0x1EA3, 0xE3, 0x1EA1],  // a à á ả ã ạ
        [0x103, 0x1EB1, 0x1EAF, 0x1EB3, 0x1EB5, 0x1EB7],  // ă ằ ắ ẳ ẵ ặ
        [0xE2, 0x1EA7, 0x1EA5, 0x1EA9, 0x1EAB, 0x1EAD],  // â ầ ấ ẩ ẫ ậ
        [0x65, 0xE8, 0xE9, 0x1EBB, 0x1EBD, 0x1EB9],  // e è é ẻ ẽ ẹ
        [0xEA, 0x1EC1, 0x1EBF, 0x1EC3, 0x1EC5, 0x1EC7],  // ê ề ế ể ễ ệ
        [0x69, 0xEC, 0xED, 0x1EC9, 0x129, 0x1ECB],  // i ì í ỉ ĩ ị
        [0x6F, 0xF2, 0xF3, 0x1ECF, 0xF5, 0x1ECD],  // o ò ó ỏ õ ọ
        [0xF4, 0x1ED3, 0x1ED1, 0x1ED5, 0x1ED7, 0x1ED9],  // ô ồ ố ổ ỗ ộ
        [0x1A1, 0x1EDD, 0x1EDB, 0x1EDF, 0x1EE1, 0x1EE3],  // ơ ờ ớ ở ỡ ợ
        [0x75, 0xF9, 0xFA, 0x1EE7, 0x169, 0x1EE5],  // u ù ú ủ ũ ụ
        [0x1B0, 0x1EEB, 0x1EE9, 0x1EED, 0x1EEF, 0x1EF1],  // ư ừ ứ ử ữ ự
        [0x79, 0x1EF3, 0xFD, 0x1EF7, 0x1EF9, 0x1EF5],  // y ỳ ý ỷ ỹ ỵ
    ]

    @inline(__always) static func isVowel(_ code: UInt8) -> Bool { code <= y }

    /// Whether the vowel carries a quality mark (breve, circumflex or horn).
    @inline(__always) static func hasQualityMark(_ code: UInt8) -> Bool {
        code == aBreve || code == aCircumflex || code == eCircumflex || code == oCircumflex
            || code == oHorn || code == uHorn
    }

    /// Whether the vowel is front (i e ê y): k, gh and ngh only precede these; c, g and ng never do.
    @inline(__always) static func isFront(_ code: UInt8) -> Bool {
        code == i || code == e || code == eCircumflex || code == y
    }

    /// The toneless lowercase scalar of a code.
    static func scalar(_ code: UInt8) -> Unicode.Scalar {
        Unicode.Scalar(scalarValues[Int(code)])!
    }

    /// The precomposed lowercase scalar of a vowel code with a tone.
    static func scalar(_ code: UInt8, tone: VietTone) -> Unicode.Scalar {
        isVowel(code) ? Unicode.Scalar(tonedVowels[Int(code)][Int(tone.rawValue)])! : scalar(code)
    }

    // MARK: Scalar lookup

    /// Marker for a scalar that is not a letter of the Vietnamese Latin alphabet.
    @usableFromInline static let noLetter: UInt16 = 0xFFFF

    /// Packs what the lookup tables store per scalar: `code << 4 | uppercase << 3 | tone`.
    private static func packed(_ code: UInt8, uppercase: Bool, tone: UInt8) -> UInt16 {
        UInt16(code) << 4 | (uppercase ? 8 : 0) | UInt16(tone)
    }

    /// The uppercase counterpart of a lowercase letter in the ranges used here:
    /// ASCII and Latin-1 letters sit 0x20 apart, Latin Extended-A/B and Latin Extended
    /// Additional pair them as (even = upper, odd = lower).
    private static func uppercaseValue(_ lower: UInt32) -> UInt32 { lower < 0x100 ? lower - 0x20 : lower - 1 }

    /// Start of the Latin Extended Additional block holding most toned vowels (Ạ).
    private static let extendedStart: UInt32 = 0x1EA0
    /// Lookup for U+0000..<U+01B1 (ASCII, Latin-1, ă đ ĩ ũ ơ ư and their capitals).
    private static let lowTable: [UInt16] = makeTable(range: 0..<0x1B1)
    /// Lookup for U+1EA0...U+1EF9 (Ạ ... ỹ).
    private static let extendedTable: [UInt16] = makeTable(range: extendedStart..<0x1EFA)

    private static func makeTable(range: Range<UInt32>) -> [UInt16] {
        var table = [UInt16](repeating: noLetter, count: range.count)
        func record(_ value: UInt32, _ code: UInt8, _ tone: UInt8) {
            for (scalar, upper) in [(value, false), (uppercaseValue(value), true)] where range.contains(scalar) {
                table[Int(scalar - range.lowerBound)] = packed(code, uppercase: upper, tone: tone)
            }
        }
        for code in 0..<UInt8(count) {
            if isVowel(code) {
                for (tone, value) in tonedVowels[Int(code)].enumerated() { record(value, code, UInt8(tone)) }
            } else {
                record(scalarValues[Int(code)], code, 0)
            }
        }
        return table
    }

    /// The packed letter information of a scalar, or `noLetter`.
    @usableFromInline static func info(_ scalar: Unicode.Scalar) -> UInt16 {
        let value = scalar.value
        if value < 0x1B1 { return lowTable[Int(value)] }
        if value >= extendedStart && value < 0x1EFA { return extendedTable[Int(value - extendedStart)] }
        return noLetter
    }

    @inline(__always) static func code(ofInfo info: UInt16) -> UInt8 { UInt8(truncatingIfNeeded: info >> 4) }
    @inline(__always) static func isUppercase(info: UInt16) -> Bool { info & 8 != 0 }
    @inline(__always) static func tone(ofInfo info: UInt16) -> VietTone { VietTone(rawValue: UInt8(info & 7))! }
}
