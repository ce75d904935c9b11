/// Up to seven lowercase letters of one candidate syllable, as toneless letter codes plus the one tone.
///
/// Packed into a `UInt64` (one byte per letter) so that reading a token never allocates.
@usableFromInline
struct SyllableLetters {
    /// The longest Vietnamese syllable has seven letters (nghiêng).
    @usableFromInline static let maxCount = 7

    @usableFromInline var packed: UInt64 = 0
    @usableFromInline var count = 0
    /// The tone of the one toned vowel, `.level` when none carries a mark.
    @usableFromInline var tone = VietTone.level
    /// Index of the letter that carried the tone mark, -1 when none did.
    @usableFromInline var toneIndex = -1

    @inlinable init() {}

    /// Appends one scalar.
    /// - Returns: false when the scalar is not a lowercase Vietnamese-alphabet letter, when it is a
    ///   second toned vowel, or when the syllable would be longer than `maxCount` letters.
    @usableFromInline mutating func append(_ scalar: Unicode.Scalar) -> Bool {
        guard count < Self.maxCount else { return false }
        let info = VietLetterCode.info(scalar)
        guard info != VietLetterCode.noLetter, !VietLetterCode.isUppercase(info: info) else { return false }
        let letterTone = VietLetterCode.tone(ofInfo: info)
        if letterTone != .level {
            guard toneIndex < 0 else { return false }
            tone = letterTone
            toneIndex = count
        }
        packed |= UInt64(VietLetterCode.code(ofInfo: info)) << UInt64(8 * count)
        count += 1
        return true
    }

    /// Reads a whole candidate syllable; nil when `append` refuses any scalar.
    @inlinable init?(_ scalars: some Collection<Unicode.Scalar>) {
        for scalar in scalars {
            guard append(scalar) else { return nil }
        }
    }

    @inline(__always) subscript(index: Int) -> UInt8 { UInt8(truncatingIfNeeded: packed >> UInt64(8 * index)) }

    /// Puts another letter code at `index` (below `count`); the tone stays as it was.
    @inline(__always) mutating func replace(at index: Int, with code: UInt8) {
        let shift = UInt64(8 * index)
        packed = packed & ~(UInt64(0xFF) << shift) | UInt64(code) << shift
    }

    /// The first `length` letters (at most `count`), as `init?` would read them.
    @inline(__always) func prefix(_ length: Int) -> SyllableLetters {
        var result = SyllableLetters()
        result.packed = packed & (UInt64(1) << UInt64(8 * length) &- 1)
        result.count = length
        if toneIndex >= 0, toneIndex < length {
            result.tone = tone
            result.toneIndex = toneIndex
        }
        return result
    }
}

/// The structure of one syllable as indices into `SyllablePhonotactics` tables.
struct SyllableParse {
    /// Onset index into `SyllablePhonotactics.onsetNames`.
    var onset: Int
    /// Letters the onset spans in the input (qu and gi count 2; g counts 1 in gì).
    var onsetLength: Int
    /// The glide letter code (o or u), nil when there is none.
    var glide: UInt8?
    /// Index into `SyllablePhonotactics.nuclei`.
    var nucleus: Int
    /// Index into `SyllablePhonotactics.codaNames`.
    var coda: Int
    var tone: VietTone

    var form: SyllablePhonotactics.NucleusForm { SyllablePhonotactics.nuclei[nucleus] }

    /// Index of the letter that takes the tone mark in canonical old-style spelling.
    var canonicalToneIndex: Int {
        let form = form
        return onsetLength
            + SyllablePhonotactics.toneOffset(
                hasGlide: glide != nil, nucleusFirst: form.canonicalFirst, nucleusSecond: form.canonicalSecond,
                hasCoda: coda != 0)
    }
}

/// Parses letter codes into a syllable structure, following `SyllablePhonotactics`.
enum SyllableParser {
    typealias L = VietLetterCode
    typealias P = SyllablePhonotactics

    /// Parses the letters of one lowercase syllable.
    /// - Parameters:
    ///   - bare: treat each unmarked a e o u as any of its marked forms (a ă â, e ê, o ô ơ, u ư) and
    ///     an unmarked tone as any tone, for text typed without diacritics (d/đ need nothing: both are onsets).
    ///   - strict: require a rising or heavy tone after a stop coda (c ch p t).
    /// - Returns: the first parse the tables allow, or nil.
    static func parse(_ letters: SyllableLetters, bare: Bool, strict: Bool) -> SyllableParse? {
        let count = letters.count
        var run = 0
        while run < count && !L.isVowel(letters[run]) { run += 1 }
        guard run < count else { return nil }
        if run == 0 { return rhyme(letters, onset: P.noOnset, start: 0, bare: bare, strict: strict) }
        if run == 1 && letters[0] == L.q {
            guard letters[1] == L.u else { return nil }
            return rhyme(letters, onset: P.onsetQU, start: 2, bare: bare, strict: strict)
        }
        if run == 1 && letters[0] == L.g && letters[1] == L.i {
            // gi + vowel (già, giường) or g + the vowel i (gì, gìn).
            return rhyme(letters, onset: P.onsetGI, start: 2, bare: bare, strict: strict)
                ?? rhyme(letters, onset: P.onsetG, start: 1, bare: bare, strict: strict, sharedI: true)
        }
        guard run <= 3 else { return nil }
        var key = UInt32(run) << 24
        for index in 0..<run { key |= UInt32(letters[index]) << UInt32(8 * index) }
        guard let onset = P.onsetKeys.firstIndex(of: key) else { return nil }
        return rhyme(letters, onset: onset, start: run, bare: bare, strict: strict)
    }

    /// Whether a nucleus letter as written in the tables accepts the input letter.
    @inline(__always)
    private static func accepts(_ pattern: UInt8, _ input: UInt8, bare: Bool) -> Bool {
        pattern == input || (bare && L.bareCodes[Int(pattern)] == input)
    }

    /// Parses `letters[start...]` as glide + nucleus + coda after the given onset.
    private static func rhyme(
        _ letters: SyllableLetters, onset: Int, start: Int, bare: Bool, strict: Bool, sharedI: Bool = false
    ) -> SyllableParse? {
        let count = letters.count
        guard start < count else { return nil }
        let afterQU = onset == P.onsetQU
        let stopToneOK = letters.tone.isAllowedBeforeStopCoda || !strict || (bare && letters.tone == .level)
        let firstLetter = letters[start]
        // Read once: a static read inside the loops pays a lazy-initialization check each time.
        let nuclei = P.nucleusTable
        let startingWith = bare ? P.nucleiStartingWithBare : P.nucleiStartingWith
        for glideChoice in 0..<3 {
            let glide: UInt8? = glideChoice == 0 ? nil : glideChoice == 1 ? L.o : L.u
            if let glide {
                guard firstLetter == glide, !P.forbidsGlide(onset), !sharedI else { continue }
            }
            let nucleusStart = start + (glide == nil ? 0 : 1)
            guard nucleusStart < count else { continue }
            // Only the forms whose first letter accepts the input's, in table order.
            var candidates = startingWith[Int(letters[nucleusStart])]
            while candidates != 0 {
                let index = candidates.trailingZeroBitCount
                candidates &= candidates &- 1
                let form = nuclei[index]
                let end = nucleusStart + form.length
                guard end <= count else { continue }
                if let second = form.second, !accepts(second, letters[nucleusStart + 1], bare: bare) { continue }
                let codaLength = count - end
                guard codaLength <= 2,
                    let coda = P.coda(
                        codaLength > 0 ? letters[end] : 0, codaLength > 1 ? letters[end + 1] : 0, count: codaLength)
                else { continue }
                let mask: UInt16 =
                    switch glide {
                    case nil: afterQU ? form.afterQU : form.plain
                    case L.o: form.glideO
                    default: form.glideU
                    }
                guard mask & (1 << UInt16(coda)) != 0 else { continue }
                if glide == nil && !afterQU {
                    switch form.rule {
                    case .any: break
                    case .onsetRequired: guard onset != P.noOnset else { continue }
                    case .onsetForbidden: guard onset == P.noOnset else { continue }
                    case .onlyAfterGI: guard onset == P.onsetGI else { continue }
                    }
                }
                if sharedI { guard form.canonicalFirst == L.i && form.second == nil else { continue } }
                let front = L.isFront(glide ?? form.canonicalFirst)
                switch onset {
                case P.onsetK, P.onsetGH, P.onsetNGH: guard front else { continue }
                case P.onsetC, P.onsetNG: guard !front else { continue }
                case P.onsetG: guard !front || sharedI else { continue }
                case P.onsetGI: guard form.canonicalFirst != L.i && form.canonicalFirst != L.y else { continue }
                default: break
                }
                guard stopToneOK || !P.isStop(coda) else { continue }
                return SyllableParse(
                    onset: onset, onsetLength: start, glide: glide, nucleus: index, coda: coda, tone: letters.tone)
            }
        }
        return nil
    }
}
