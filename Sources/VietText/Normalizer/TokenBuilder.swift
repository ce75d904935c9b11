/// Where `TokenBuilder` puts the tokens it makes, in the order of the text.
///
/// Tokens may still overlap here (see `TokenArraySink.disjoint`) and have no UTF-8 range nor
/// teencode readings yet: each sink settles those its own way.
protocol TokenSink {
    /// Takes a token: its range in the original scalars and its canonical form.
    mutating func append(
        _ kind: Token.Kind, scalarRange: Range<Int>, canonical: some Collection<Unicode.Scalar>, flags: Token.Flags, sentence: Int)
}

/// Turns raw tokens over folded scalars into `Token`s: steps 5, 7, 8 and 9 of docs/design.md §2
/// (look-alikes, tone placement, gated de-obfuscation, teencode alternatives, bare layer).
struct TokenBuilder {
    let folded: FoldedScalars
    /// Step 8 of docs/design.md §2 (`Normalizer.Configuration.deobfuscate`). The flag alone, not the
    /// configuration: copying that (its teencode table) for every new chunk cost reference counting.
    let deobfuscate: Bool

    init(folded: FoldedScalars, configuration: Normalizer.Configuration) {
        self.folded = folded
        self.deobfuscate = configuration.deobfuscate
    }

    /// The tokens, with the readings of `teencode`.
    mutating func build(_ raw: [RawToken], teencode: TeencodeTable) -> [Token] {
        var sink = TokenArraySink(capacity: raw.count)
        build(raw, into: &sink)
        return sink.finish(teencode: teencode)
    }

    /// Makes the tokens of `raw` into `sink`, in order.
    mutating func build(_ raw: [RawToken], into sink: inout some TokenSink) {
        for r in raw {
            switch r.kind {
            case .word:
                appendWords(r.lower, r.upper, kind: .word, sentence: r.sentence, into: &sink)
            case .hashtag:
                appendWords(r.lower + 1, r.upper, kind: .hashtag, sentence: r.sentence, into: &sink, hashtagStart: r.lower)
            case .phone:
                append(r.kind, r.lower, r.upper, Self.phoneCanonical(Array(folded.scalars[r.lower..<r.upper])), flags: [], sentence: r.sentence, into: &sink)
            case .money:
                append(r.kind, r.lower, r.upper, Self.withoutGroupSeparators(Array(folded.scalars[r.lower..<r.upper])), flags: [], sentence: r.sentence, into: &sink)
            default:
                append(r.kind, r.lower, r.upper, folded.scalars[r.lower..<r.upper], flags: [], sentence: r.sentence, into: &sink)
            }
        }
    }

    // MARK: words

    /// Gives `sink` the token of folded scalars `lower..<upper` (from original scalar
    /// `originLower` on, when given).
    @inline(__always)
    private func append(
        _ kind: Token.Kind, _ lower: Int, _ upper: Int, _ canonical: some Collection<Unicode.Scalar>, flags: Token.Flags,
        sentence: Int, originLower: Int? = nil, into sink: inout some TokenSink
    ) {
        let from = originLower ?? Int(folded.origin(lower).start)
        let to = Int(folded.origin(upper - 1).end)
        sink.append(kind, scalarRange: from..<max(to, from + 1), canonical: canonical, flags: flags, sentence: sentence)
    }

    /// A word (or hashtag body): canonical syllable, else de-obfuscated syllable(s), else the
    /// folded letters as they are (a foreign word, a name, an abbreviation).
    private mutating func appendWords(
        _ lower: Int, _ upper: Int, kind: Token.Kind, sentence: Int, into tokens: inout some TokenSink, hashtagStart: Int? = nil
    ) {
        guard lower < upper else {
            if let hashtagStart {
                append(.punctuation, hashtagStart, upper, folded.scalars[hashtagStart..<upper], flags: [], sentence: sentence, into: &tokens)
            }
            return
        }
        let originLower = hashtagStart.map { Int(folded.origin($0).start) }
        let word = folded.scalars[lower..<upper]
        var flags: Token.Flags = hashtagStart == nil ? [] : [.inHashtag]
        if word.contains(where: { VietLetters.hasDiacritic($0) || ($0.value >= 0x300 && $0.value < 0x370) }) {
            flags.insert(.diacritics)
        }
        if Self.isLaughter(word) {
            append(.laughter, lower, upper, word, flags: flags, sentence: sentence, originLower: originLower, into: &tokens)
            return
        }
        var letters: [Unicode.Scalar]
        if deobfuscate, word.contains(where: Lookalikes.mayBeLookalike) {
            letters = Array(word)
            if let mapped = Self.mapLookalikes(letters, latinText: latinText) {
                letters = mapped
                flags.formUnion([.lookalike, .deobfuscated])
            }
            if appendSyllable(letters, kind, lower, upper, flags: flags, sentence: sentence, originLower: originLower, into: &tokens) { return }
        } else {
            // No look-alike to map (nearly every word): a syllable is read without copying its letters.
            if appendSyllable(word, kind, lower, upper, flags: flags, sentence: sentence, originLower: originLower, into: &tokens) { return }
            letters = Array(word)
        }
        guard deobfuscate else {
            append(kind, lower, upper, letters, flags: flags, sentence: sentence, originLower: originLower, into: &tokens)
            return
        }
        if let canonical = Self.readLeet(letters, typedDiacritics: flags.contains(.diacritics)) {
            append(kind, lower, upper, canonical, flags: flags.union([.leet, .deobfuscated, .syllable]), sentence: sentence, originLower: originLower, into: &tokens)
            return
        }
        // Where each letter came from, as an offset into the folded word (squeezing drops
        // letters); nil: letter k came from offset k (no array for that, 8 bytes a letter).
        let sameLength = letters.count == upper - lower
        var positions: [Int]?
        if let squeezed = Self.squeeze(letters, typedDiacritics: flags.contains(.diacritics)) {
            flags.formUnion([.squeezed, .deobfuscated])
            if squeezed.isSyllable {
                append(kind, lower, upper, squeezed.letters, flags: flags.union(.syllable), sentence: sentence, originLower: originLower, into: &tokens)
                return
            }
            letters = squeezed.letters
            positions = squeezed.positions
        }
        // Glued syllables: split when typed with diacritics (`cáđộ`, `lừa‍đảo`), or inside a
        // hashtag (`#luadao`), where glueing is the norm. Unaccented words elsewhere are
        // left alone: `online` must not become `on li ne`.
        let typed = flags.contains(.diacritics)
        if (typed || hashtagStart != nil), sameLength,
           let parts = VietSyllables.segment(letters, bare: !typed), parts.count > 1 {
            let splitFlags: Token.Flags = hashtagStart == nil ? [.splitGlued, .deobfuscated, .syllable] : [.syllable]
            for (n, part) in parts.enumerated() {
                let syllable = Array(letters[part])
                let canonical = VietSyllables.canonicalize(syllable) ?? syllable
                var partFlags = flags.union(splitFlags)
                if !syllable.contains(where: VietLetters.hasDiacritic) { partFlags.remove(.diacritics) }
                let partLower = lower + (positions?[part.lowerBound] ?? part.lowerBound)
                let partUpper = part.upperBound < letters.count ? lower + (positions?[part.upperBound] ?? part.upperBound) : upper
                append(
                    kind, partLower, partUpper, canonical, flags: partFlags, sentence: sentence,
                    originLower: n == 0 ? originLower : nil, into: &tokens)
            }
            return
        }
        append(kind, lower, upper, letters, flags: flags, sentence: sentence, originLower: originLower, into: &tokens)
    }

    /// Appends the word as a syllable token when it reads as one (`readSyllable`), without
    /// copying its letters.
    /// - Returns: false, appending nothing, when the letters are not a syllable.
    private func appendSyllable(
        _ letters: some Collection<Unicode.Scalar>, _ kind: Token.Kind, _ lower: Int, _ upper: Int, flags: Token.Flags,
        sentence: Int, originLower: Int?, into tokens: inout some TokenSink
    ) -> Bool {
        switch Self.readSyllable(letters, typedDiacritics: flags.contains(.diacritics)) {
        case .canonical(let spelling):
            append(kind, lower, upper, spelling, flags: flags.union(.syllable), sentence: sentence, originLower: originLower, into: &tokens)
        case .asTyped:
            append(kind, lower, upper, letters, flags: flags.union(.syllable), sentence: sentence, originLower: originLower, into: &tokens)
        case nil:
            return false
        }
        return true
    }

    /// How letters read as a syllable: in their canonical spelling, or as typed.
    private enum SyllableReading {
        case canonical(CanonicalSpelling)
        /// Typed without diacritics, the letters can be a syllable with the marks left off.
        case asTyped
    }

    /// The one rule for whether a word is a syllable, and how it is spelled.
    private static func readSyllable(_ letters: some Collection<Unicode.Scalar>, typedDiacritics: Bool) -> SyllableReading? {
        guard let read = SyllableLetters(letters) else { return nil }
        if let spelling = VietSyllables.canonicalSpelling(read) { return .canonical(spelling) }
        if !typedDiacritics, VietSyllables.isSyllable(read, bare: true) { return .asTyped }
        return nil
    }

    /// The canonical syllable, or for text typed without diacritics, the letters when they
    /// can be a syllable with the marks left off (`readSyllable`, as an array).
    private static func syllable(_ letters: [Unicode.Scalar], typedDiacritics: Bool) -> [Unicode.Scalar]? {
        switch readSyllable(letters, typedDiacritics: typedDiacritics) {
        case .canonical(let spelling): Array(spelling)
        case .asTyped: letters
        case nil: nil
        }
    }

    private static func isLaughter(_ letters: ArraySlice<Unicode.Scalar>) -> Bool {
        guard letters.count >= 3 else { return false }
        if letters.allSatisfy({ $0 == "k" }) { return true }
        guard letters.count >= 4, letters.count % 2 == 0 else { return false }
        let first = letters[letters.startIndex]
        let second = letters[letters.startIndex + 1]
        guard first == "h" || first == "k", second == "a" || second == "e" || second == "i" || second == "j" else { return false }
        var k = letters.startIndex
        while k + 1 < letters.endIndex {
            if letters[k] != first || letters[k + 1] != second { return false }
            k += 2
        }
        return true
    }

    /// Look-alike letters mapped to Latin, recomposed; nil when nothing changed or the word has
    /// no Latin letter to anchor it (a Russian word stays Russian).
    /// Whether the text is written mostly in Latin letters: then a word made only of
    /// Cyrillic or Greek look-alikes (`сао`) is read as Latin too, when that makes a syllable.
    private lazy var latinText: Bool = {
        var latin = 0
        var other = 0
        for s in folded.scalars {
            let v = s.value
            if (0x61...0x7A).contains(v) || (0xC0...0x24F).contains(v) || (0x1EA0...0x1EFF).contains(v) { latin += 1 }
            else if (0x370...0x4FF).contains(v) { other += 1 }
        }
        return latin > other
    }()

    private static func mapLookalikes(_ letters: [Unicode.Scalar], latinText: @autoclosure () -> Bool) -> [Unicode.Scalar]? {
        guard letters.contains(where: Lookalikes.mayBeLookalike) else { return nil }
        var changed = false
        var anchored = false
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(letters.count + 2)
        for s in letters {
            if let latin = Lookalikes.latin(for: s) {
                out.append(contentsOf: latin)
                changed = true
                if latin.first == "đ" { anchored = true }
            } else {
                out.append(s)
                if VietLetters.split(s) != nil { anchored = true }
            }
        }
        guard changed else { return nil }
        if out.contains(where: { $0.value >= 0x300 && $0.value < 0x370 }) {
            out = ICU.scalars(ICU.normalize(ICU.utf16(out), form: .nfc))
        }
        if anchored { return out }
        // No Latin letter in the word: only in Latin text, and only when it reads as a syllable.
        guard latinText(), VietSyllables.isSyllable(out) || VietSyllables.isSyllable(out, bare: true) else { return nil }
        return out
    }

    /// Digits and symbols inside a letter run read as letters, kept when the result is a syllable.
    private static func readLeet(_ letters: [Unicode.Scalar], typedDiacritics: Bool) -> [Unicode.Scalar]? {
        guard letters.contains(where: Leet.isLeet) else { return nil }
        let positions = letters.indices.filter { Leet.letters(for: letters[$0]) != nil }
        guard !positions.isEmpty, positions.count < letters.count, positions.count <= 3 else { return nil }
        guard letters.contains(where: { VietLetters.split($0) != nil && $0 != "j" }) else { return nil }
        var candidate = letters
        func attempt(_ n: Int) -> [Unicode.Scalar]? {
            if n == positions.count { return syllable(candidate, typedDiacritics: typedDiacritics) }
            for letter in Leet.letters(for: letters[positions[n]])! {
                candidate[positions[n]] = letter
                if let found = attempt(n + 1) { return found }
            }
            return nil
        }
        return attempt(0)
    }

    /// Repeated letters squeezed (docs/design.md §2 step 8): a run of three or more of the same
    /// letter (tone aside) always becomes one, keeping the toned one (`lừaaaa` → `lừa`,
    /// `quáaaa` → `quá`, `OOOTP` → `otp`, `ngonnnn` → `ngon`); a double letter only when that
    /// makes a syllable (`đii` → `đi`; `xoong` is a syllable and never gets here). Consonants
    /// before the first vowel are squeezed only in a run of three or more that ends the word
    /// (`vlll` → `vl`, `cmnrrr` → `cmnr`): `cccd` is căn cước công dân.
    /// - Returns: the letters, where each came from (offsets into `letters`), and whether they
    ///   form a syllable; nil when nothing was squeezed.
    private static func squeeze(_ letters: [Unicode.Scalar], typedDiacritics: Bool)
        -> (letters: [Unicode.Scalar], positions: [Int], isSyllable: Bool)?
    {
        if let long = squeezeRuns(letters, minimumRun: 3) {
            if let canonical = syllable(long.letters, typedDiacritics: typedDiacritics) { return (canonical, long.positions, true) }
            if let short = squeezeRuns(long.letters, minimumRun: 2), let canonical = syllable(short.letters, typedDiacritics: typedDiacritics) {
                return (canonical, short.positions.map { long.positions[$0] }, true)
            }
            return (long.letters, long.positions, false)
        }
        if let short = squeezeRuns(letters, minimumRun: 2), let canonical = syllable(short.letters, typedDiacritics: typedDiacritics) {
            return (canonical, short.positions, true)
        }
        return nil
    }

    /// Runs of at least `minimumRun` equal letters (compared without diacritics) → one letter,
    /// the toned one if any; nil when there was no such run.
    private static func squeezeRuns(_ letters: [Unicode.Scalar], minimumRun: Int) -> (letters: [Unicode.Scalar], positions: [Int])? {
        // Made at the first run squeezed: most words have none.
        var out: [Unicode.Scalar] = []
        var positions: [Int] = []
        var changed = false
        var k = 0
        var seenVowel = false
        while k < letters.count {
            let s = letters[k]
            var end = k + 1
            var kept = s
            let isVowel = VietLetters.isVowel(s)
            if VietLetters.split(s) != nil {
                let bare = VietLetters.bare(s)
                while end < letters.count, VietLetters.split(letters[end]) != nil, VietLetters.bare(letters[end]) == bare {
                    if VietLetters.split(kept)?.tone == .level, VietLetters.split(letters[end])?.tone != .level { kept = letters[end] }
                    end += 1
                }
                // Before the first vowel only a long run that ends the word is squeezed
                // (`vlll` → `vl`, `đmmm` → `đm`): `cccd` keeps its consonants.
                let endsWord = end == letters.count && k > 0 && end - k >= 3
                if !(isVowel || seenVowel || endsWord) { end = k + 1; kept = s }
            }
            seenVowel = seenVowel || isVowel
            if end - k >= minimumRun {
                if !changed {
                    // At most what is left after this run, which becomes one letter (not the
                    // whole word's length: `aaaa…` of a megabyte squeezes to one letter).
                    let most = letters.count - (end - k) + 1
                    out.reserveCapacity(most)
                    positions.reserveCapacity(most)
                    out.append(contentsOf: letters[0..<k])
                    positions.append(contentsOf: 0..<k)
                    changed = true
                }
                out.append(kept)
                positions.append(k)
            } else if changed {
                for p in k..<end {
                    out.append(letters[p])
                    positions.append(p)
                }
            }
            k = end
        }
        return changed ? (out, positions) : nil
    }

    // MARK: protected tokens

    private static func phoneCanonical(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var digits = scalars.filter { $0.value >= 0x30 && $0.value <= 0x39 }
        if scalars.first == "+", digits.count >= 2, digits[0] == "8", digits[1] == "4" {
            digits.removeFirst(2)
            digits.insert("0", at: 0)
        }
        return digits
    }

    /// `2.000.000đ` → `2000000đ`: a `.` or `,` between digits followed by exactly three digits.
    private static func withoutGroupSeparators(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        func isDigit(_ k: Int) -> Bool { k >= 0 && k < scalars.count && scalars[k].value >= 0x30 && scalars[k].value <= 0x39 }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(scalars.count)
        for (k, s) in scalars.enumerated() {
            if (s == "." || s == ","), isDigit(k - 1), isDigit(k + 1), isDigit(k + 2), isDigit(k + 3), !isDigit(k + 4) { continue }
            out.append(s)
        }
        return out
    }
}

/// The builder's tokens as `Token`s, for the full path (and the passes over a whole post).
struct TokenArraySink: TokenSink {
    var tokens: [Token] = []

    init(capacity: Int) { tokens.reserveCapacity(capacity) }

    mutating func append(
        _ kind: Token.Kind, scalarRange: Range<Int>, canonical: some Collection<Unicode.Scalar>, flags: Token.Flags, sentence: Int
    ) {
        let canonicalText = String.hashed(encoding: canonical)
        // ASCII has no diacritics: the bare form is the canonical one.
        let bareText = canonicalText.isASCII ? canonicalText : String.hashed(encoding: canonical.lazy.map(VietLetters.bare))
        tokens.append(Token(
            kind: kind, scalarRange: scalarRange, utf8Range: 0..<0,
            canonical: canonicalText.string, canonicalHash: canonicalText.hash, bare: bareText.string, bareHash: bareText.hash,
            flags: flags, sentence: sentence))
    }

    /// The tokens with their teencode readings, made disjoint.
    consuming func finish(teencode: TeencodeTable) -> [Token] {
        Self.attachTeencode(&tokens, table: teencode)
        return Self.disjoint(tokens)
    }

    /// Teencode readings of each word, all of them: the ones that need an amount nearby are
    /// kept or dropped once the whole post is known (`TokenPostProcessor`).
    private static func attachTeencode(_ tokens: inout [Token], table: TeencodeTable) {
        for k in tokens.indices where tokens[k].kind == .word || tokens[k].kind == .hashtag {
            if let readings = table.lookup(tokens[k].canonical, hash: tokens[k].canonicalHash) { tokens[k].alternatives = TokenPostProcessor.alternatives(readings) }
        }
    }

    /// Tokens cut from one character of the original (a letter and marks NFKC turned into
    /// several scalars) could share original scalars; the later one gives way, so that token
    /// ranges never overlap.
    private static func disjoint(_ tokens: [Token]) -> [Token] {
        // Almost always there is no overlap: then the tokens are returned as they are.
        var k = 1
        while k < tokens.count, tokens[k].scalarRange.lowerBound >= tokens[k - 1].scalarRange.upperBound { k += 1 }
        if k >= tokens.count { return tokens }
        var out: [Token] = []
        out.reserveCapacity(tokens.count)
        for var token in tokens {
            if let last = out.last, token.scalarRange.lowerBound < last.scalarRange.upperBound {
                if token.scalarRange.upperBound <= last.scalarRange.upperBound { continue }
                token.scalarRange = last.scalarRange.upperBound..<token.scalarRange.upperBound
            }
            out.append(token)
        }
        return out
    }
}
