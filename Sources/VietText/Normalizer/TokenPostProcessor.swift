/// The passes that need the whole post: letters split across tokens rejoined, and teencode
/// readings that depend on context kept or dropped. They run after the tokens of every part
/// of the text are built (by `TokenBuilder`, or from the chunk cache).
struct TokenPostProcessor {
    let configuration: Normalizer.Configuration

    func finish(_ tokens: consuming [Token]) -> [Token] {
        if configuration.deobfuscate { joinSplitLetters(&tokens) }
        gateTeencode(&tokens)
        return tokens
    }

    /// Readings as alternatives, each remembering whether it needs an amount nearby.
    static func alternatives(_ readings: [TeencodeTable.Reading]) -> [Alternative] {
        readings.map { Alternative(syllables: $0.syllables, needsAmountNearby: $0.needsAmountNearby) }
    }

    // MARK: split letters

    /// Rejoins letters split by separators (`l.ừ.a`, `l-ừ-a`, `l ừ a đ ả o`) when the result
    /// is a sequence of valid syllables. Spaces alone need three letters or more (`ừ a` stays);
    /// `R.I.P` stays (no syllable), so does `0912.345.678` (a phone token).
    /// A word of one Vietnamese letter: a candidate piece of a split-up word.
    static func isSingleLetter(_ t: Token) -> Bool {
        guard t.kind == .word, t.canonical.utf8.count <= 4 else { return false }
        var scalars = t.canonical.unicodeScalars.makeIterator()
        guard let first = scalars.next(), scalars.next() == nil else { return false }
        return VietLetters.split(first) != nil
    }

    /// Punctuation that may separate split letters (`l.ừ.a`, `l-ừ-a`).
    static func isLetterSeparator(_ t: Token) -> Bool {
        guard t.kind == .punctuation, let first = t.canonical.unicodeScalars.first else { return false }
        return isLetterSeparator(first)
    }

    /// Whether a punctuation token opening with `first` may separate split letters:
    /// `. - _ * · / , + ~ ' | •`, and U+0387 Greek ano teleia, canonically equivalent to `·`.
    @inline(__always)
    static func isLetterSeparator(_ first: Unicode.Scalar) -> Bool {
        switch first.value {
        case 0x2E, 0x2D, 0x5F, 0x2A, 0xB7, 0x387, 0x2F, 0x2C, 0x2B, 0x7E, 0x27, 0x7C, 0x2022: true
        default: false
        }
    }

    /// The most letters read as one split-up run: longer than any phrase spelled out, and
    /// it keeps the rejoining linear (a failed run is retried from its next letter).
    static let maxSplitLetters = 24

    /// In place: a run of letters becomes at most as many tokens, so each is written at or
    /// before where its run began, and a long post's tokens are not held twice.
    private func joinSplitLetters(_ tokens: inout [Token]) {
        let isSingleLetter = Self.isSingleLetter
        guard tokens.contains(where: isSingleLetter) else { return }
        var written = 0
        func put(_ token: Token) {
            tokens[written] = token
            written += 1
        }
        var i = 0
        while i < tokens.count {
            guard isSingleLetter(tokens[i]) else {
                put(tokens[i])
                i += 1
                continue
            }
            var letters = [i]
            var usedSeparator = false
            var j = i + 1
            while j < tokens.count, letters.count < Self.maxSplitLetters {
                if isSingleLetter(tokens[j]) {
                    letters.append(j)
                    j += 1
                } else if Self.isLetterSeparator(tokens[j]),
                          j + 1 < tokens.count, isSingleLetter(tokens[j + 1]),
                          tokens[j].scalarRange.lowerBound == tokens[j - 1].scalarRange.upperBound,
                          tokens[j + 1].scalarRange.lowerBound == tokens[j].scalarRange.upperBound {
                    usedSeparator = true
                    j += 1
                } else {
                    break
                }
            }
            // Groups of letters joined by separators; spaces separate groups (words).
            var groups: [[Int]] = [[letters[0]]]
            for k in letters.dropFirst() {
                if k == groups[groups.count - 1].last! + 1 { groups.append([k]) } else { groups[groups.count - 1].append(k) }
            }
            guard usedSeparator else {
                // Spaces only (`l ừ a đ ả o`): three letters or more, read as a whole.
                if letters.count >= 3, let joined = joined(letters.map { tokens[$0] }, spaced: true) {
                    joined.forEach(put)
                    i = j
                } else {
                    put(tokens[i])
                    i += 1
                }
                continue
            }
            // Each word on its own (`s.ố t.h.ẻ` is số thẻ, never sốt hẻ).
            let phrase = groups.filter { $0.count >= 2 }.count >= 2
            for group in groups {
                if group.count >= 2, let joined = joined(group.map { tokens[$0] }, spaced: false, inPhrase: phrase) {
                    joined.forEach(put)
                } else {
                    for k in group.first!...group.last! { put(tokens[k]) }
                }
            }
            i = letters.last! + 1
        }
        tokens.removeLast(tokens.count - written)
    }

    /// Abbreviations worth seeing through when spelled out with separators: the teencode forms,
    /// the configuration's `spelledOutWords` and the scam vocabulary of codes and documents.
    private static let abbreviations: Set<String> = ["otp", "pin", "cvv", "atm", "sms", "kyc", "vip", "cccd", "cmnd", "sđt", "sdt", "sex", "ship", "cod", "usdt", "ctv"]

    private func isKnownAbbreviation(_ form: String) -> Bool {
        Self.abbreviations.contains(form) || configuration.spelledOutWords.contains(form) || configuration.teencode.lookup(form) != nil
    }

    private static func endsInStopConsonant(_ letters: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let last = letters.last else { return false }
        return last == "c" || last == "p" || last == "t" || (last == "h" && letters.dropLast().last == "c")
    }

    /// Split letters read as syllables, or nil to leave them. Letters typed with diacritics must
    /// make strict syllables (or segment into them: `c.á.đ.ộ`). Unaccented letters may leave out
    /// quality marks (`t.u.y.e.n` is tuyển) but not the tone a stop ending needs: `R.I.P` stays
    /// R.I.P, unless it stands in a phrase of dotted words. Known abbreviations join (`O.T.P`, `v.c.l`, `d.i.t`), and so does an unaccented
    /// dotted word of four letters or more, as one word, the way it would be typed
    /// (`o.n.l.i.n.e` → `online`, `c.h.a.p` → `chap`, which folds to chấp).
    private func joined(_ letters: [Token], spaced: Bool, inPhrase: Bool = false) -> [Token]? {
        let scalars = letters.map { $0.canonical.unicodeScalars.first! }
        let typed = letters.contains { $0.hasDiacritics }
        func valid(_ part: ArraySlice<Unicode.Scalar>) -> Bool {
            if typed { return VietSyllables.isSyllable(part) }
            // A stop ending without its tone is an acronym on its own (`R.I.P`), a word inside
            // a phrase of dotted words (`d.o m.a.t d.a.y`).
            return VietSyllables.isSyllable(part, bare: true) && (inPhrase || !Self.endsInStopConsonant(part))
        }
        let parts: [Range<Int>]
        if valid(scalars[...]) {
            parts = [0..<scalars.count]
        } else if typed || spaced, let segments = VietSyllables.segment(scalars, bare: !typed),
                  segments.allSatisfy({ $0.count > 1 && valid(scalars[$0]) }) {
            parts = segments
        } else if isKnownAbbreviation(String(encoding: scalars)) {
            parts = [0..<scalars.count]  // `v.c.l`, `O.T.P`: shorthand spelled out
        } else if !spaced, !typed, scalars.count >= 4 {
            parts = [0..<scalars.count]  // an unaccented word spelled out: `o.n.l.i.n.e`
        } else {
            return nil
        }
        return parts.map { part in
            let syllable = Array(scalars[part])
            let canonical = VietSyllables.canonicalize(syllable) ?? syllable
            var flags: Token.Flags = [.joinedLetters, .deobfuscated]
            if VietSyllables.canonicalize(syllable) != nil { flags.insert(.syllable) }
            if letters[part].contains(where: { $0.hasDiacritics }) { flags.insert(.diacritics) }
            let first = letters[part.lowerBound]
            let last = letters[part.upperBound - 1]
            let text = String(encoding: canonical)
            return Token(
                kind: .word, scalarRange: first.scalarRange.lowerBound..<last.scalarRange.upperBound,
                utf8Range: first.utf8Range.lowerBound..<last.utf8Range.upperBound,
                canonical: text, bare: String(encoding: canonical.lazy.map(VietLetters.bare)),
                alternatives: configuration.teencode.lookup(text).map(Self.alternatives) ?? [], flags: flags,
                sentence: first.sentence)
        }
    }

    // MARK: teencode

    private func gateTeencode(_ tokens: inout [Token]) {
        for k in tokens.indices where tokens[k].alternatives.contains(where: \.needsAmountNearby) {
            let amount = Self.hasAmount(near: k, in: tokens)
            tokens[k].alternatives = tokens[k].alternatives.compactMap { alternative in
                guard alternative.needsAmountNearby else { return alternative }
                return amount ? Alternative(syllables: alternative.syllables, source: alternative.source) : nil
            }
        }
    }

    private static let accountWords: Set<String> = ["stk", "tk", "tài", "khoản", "khoan", "tai", "ngân", "hàng", "bank", "momo", "vietcombank", "techcombank", "mbbank", "vcb", "acb", "bidv", "vietinbank", "agribank", "tpbank", "vpbank"]

    private static func hasAmount(near k: Int, in tokens: [Token]) -> Bool {
        let window = TeencodeTable.contextWindow
        let lower = max(0, k - window)
        let upper = min(tokens.count, k + window + 1)
        for j in lower..<upper where j != k {
            switch tokens[j].kind {
            case .money, .number, .phone: return true
            case .word: if accountWords.contains(tokens[j].canonical) { return true }
            default: continue
            }
        }
        return false
    }
}
