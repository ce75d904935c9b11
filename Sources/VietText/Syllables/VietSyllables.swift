/// Fast syllable checks over scalar runs: validity, canonical tone placement, segmentation.
///
/// Every answer is derived from Vietnamese phonotactics (onset, glide, nucleus, coda, tone
/// constraints; see `SyllablePhonotactics`), never from a word list, so unseen but well-formed
/// syllables pass and English words such as "hello" or "online" do not. `isSyllable` and
/// `canonicalize` work on packed letter codes and build no `String`.
public enum VietSyllables {
    /// The canonical spelling of a lowercase NFC token, if it is a syllable.
    ///
    /// Moves the tone mark to its canonical old-style place and completes a half-written horn
    /// in ươ: "hoà" → "hòa", "thuỷ" → "thủy", "lựơng"/"luợng" → "lượng". The result has as many
    /// scalars as the input.
    /// - Returns: nil when the token is not a syllable (strictly: a stop coda needs a rising or heavy tone).
    @inlinable
    public static func canonicalize(_ scalars: some Collection<Unicode.Scalar>) -> [Unicode.Scalar]? {
        guard let letters = SyllableLetters(scalars) else { return nil }
        var result: [Unicode.Scalar] = []
        guard appendCanonical(letters, to: &result) else { return nil }
        return result
    }

    /// Appends the canonical spelling of a lowercase NFC token to `output`, if it is a syllable.
    ///
    /// The allocation-free variant of `canonicalize(_:)` for callers that build their output in one buffer.
    /// - Returns: false, leaving `output` untouched, when the token is not a syllable.
    @inlinable
    public static func appendCanonical(
        of scalars: some Collection<Unicode.Scalar>, to output: inout [Unicode.Scalar]
    ) -> Bool {
        guard let letters = SyllableLetters(scalars) else { return false }
        return appendCanonical(letters, to: &output)
    }

    /// Whether a canonicalized token would differ from the input (tone moved or horn completed).
    ///
    /// - Returns: nil when the token is not a syllable, false when it is already canonical.
    @inlinable
    public static func needsCanonicalization(_ scalars: some Collection<Unicode.Scalar>) -> Bool? {
        guard let letters = SyllableLetters(scalars) else { return nil }
        return needsCanonicalization(letters)
    }

    /// Whether the lowercase scalars form one valid syllable.
    ///
    /// Tone marks may sit anywhere ("hoà", "baỏ"); a stop coda needs a rising or heavy tone ("rip" is not valid).
    /// - Parameters:
    ///   - scalars: the syllable's letters, lowercase.
    ///   - bare: accept text typed without diacritics: each unmarked a, e, o, u, d may stand
    ///     for â/ă, ê, ô/ơ, ư, đ and an unmarked syllable for any tone ("cac", "nguoi", "duoc", "lua", "rip").
    @inlinable
    public static func isSyllable(_ scalars: some Collection<Unicode.Scalar>, bare: Bool = false) -> Bool {
        guard let letters = SyllableLetters(scalars) else { return false }
        return isSyllable(letters, bare: bare)
    }

    /// Splits a run of lowercase letters written without spaces into syllables.
    ///
    /// "cáđộ" → "cá" "độ", "lừađảo" → "lừa" "đảo", and with `bare` "luadao" → "lua" "dao",
    /// "chuyenkhoan" → "chuyen" "khoan". Prefers the segmentation with the fewest syllables, then
    /// the one with fewer onsetless syllables after the first, then longer earlier syllables. Purely phonotactic: "online" (bare) splits into
    /// "on" "li" "ne", so callers decide whether a segmentation is plausible text.
    /// Runs in O(n) syllable checks (at most 7 per position).
    /// - Parameters:
    ///   - scalars: the run of lowercase letters.
    ///   - bare: as in `isSyllable(_:bare:)`.
    /// - Returns: the syllables' ranges as offsets into `scalars`, or nil when no full segmentation exists.
    public static func segment(_ scalars: [Unicode.Scalar], bare: Bool = false) -> [Range<Int>]? {
        let count = scalars.count
        guard count > 0 else { return nil }
        // fewest[i]: lowest cost of syllables covering scalars[i...]; next[i]: end of the first of them.
        let unreachable = Int.max
        var fewest = [Int](repeating: unreachable, count: count + 1)
        var next = [Int](repeating: 0, count: count + 1)
        fewest[count] = 0
        for start in stride(from: count - 1, through: 0, by: -1) {
            // The letters from `start` on, as many as one syllable can take: every candidate is
            // a prefix of them (a scalar `SyllableLetters` refuses ends every longer candidate).
            let longest = min(SyllableLetters.maxCount, count - start)
            var letters = SyllableLetters()
            var readable = 0
            while readable < longest, letters.append(scalars[start + readable]) { readable += 1 }
            // Each syllable costs 2, one more when it has no onset and is not the first:
            // `sốtàikhoản` reads `số tài khoản`, not `sốt ài khoản`.
            let cost = 2 + (start > 0 && VietLetters.isVowel(scalars[start]) ? 1 : 0)
            for length in stride(from: readable, through: 1, by: -1) {
                let end = start + length
                guard fewest[end] != unreachable, fewest[end] + cost < fewest[start],
                    isSyllable(letters.prefix(length), bare: bare)
                else { continue }
                fewest[start] = fewest[end] + cost
                next[start] = end
            }
        }
        guard fewest[0] != unreachable else { return nil }
        var ranges: [Range<Int>] = []
        var start = 0
        while start < count {
            ranges.append(start..<next[start])
            start = next[start]
        }
        return ranges
    }

    // MARK: Implementation

    @usableFromInline
    static func isSyllable(_ letters: SyllableLetters, bare: Bool) -> Bool {
        SyllableParser.parse(letters, bare: bare, strict: true) != nil
    }

    @usableFromInline
    static func needsCanonicalization(_ letters: SyllableLetters) -> Bool? {
        guard let parse = SyllableParser.parse(letters, bare: false, strict: true) else { return nil }
        return parse.form.repairsHorn || (letters.toneIndex >= 0 && letters.toneIndex != parse.canonicalToneIndex)
    }

    @usableFromInline
    static func appendCanonical(_ letters: SyllableLetters, to output: inout [Unicode.Scalar]) -> Bool {
        guard let spelling = canonicalSpelling(letters) else { return false }
        output.append(contentsOf: spelling)
        return true
    }

    /// The canonical spelling of the letters, if they are a syllable (as `canonicalize`), as a
    /// value that needs no array.
    static func canonicalSpelling(_ letters: SyllableLetters) -> CanonicalSpelling? {
        guard let parse = SyllableParser.parse(letters, bare: false, strict: true) else { return nil }
        let form = parse.form
        let nucleusStart = parse.onsetLength + (parse.glide == nil ? 0 : 1)
        var codes = letters
        codes.replace(at: nucleusStart, with: form.canonicalFirst)
        if let second = form.canonicalSecond { codes.replace(at: nucleusStart + 1, with: second) }
        return CanonicalSpelling(
            codes: codes, toneIndex: letters.toneIndex >= 0 ? parse.canonicalToneIndex : -1, tone: parse.tone)
    }
}

/// A syllable's canonical spelling: up to seven scalars, kept as letter codes and the place
/// and kind of the tone mark.
struct CanonicalSpelling: RandomAccessCollection {
    /// The toneless letters of the canonical spelling.
    fileprivate let codes: SyllableLetters
    /// Index of the letter that takes the tone mark, -1 when the tone is level.
    fileprivate let toneIndex: Int
    fileprivate let tone: VietTone

    var startIndex: Int { 0 }
    var endIndex: Int { codes.count }

    subscript(position: Int) -> Unicode.Scalar {
        let code = codes[position]
        return position == toneIndex ? VietLetterCode.scalar(code, tone: tone) : VietLetterCode.scalar(code)
    }
}
