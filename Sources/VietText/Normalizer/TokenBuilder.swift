/// Turns raw tokens over folded scalars into `Token`s: steps 5, 7, 8 and 9 of DESIGN.md §2
/// (look-alikes, tone placement, gated de-obfuscation, teencode alternatives, bare layer).
struct TokenBuilder {
    let folded: FoldedScalars
    let configuration: Normalizer.Configuration

    init(folded: FoldedScalars, configuration: Normalizer.Configuration) {
        self.folded = folded
        self.configuration = configuration
    }

    mutating func build(_ raw: [RawToken]) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(raw.count)
        for r in raw {
            switch r.kind {
            case .word:
                appendWords(r.lower, r.upper, kind: .word, sentence: r.sentence, into: &tokens)
            case .hashtag:
                appendWords(r.lower + 1, r.upper, kind: .hashtag, sentence: r.sentence, into: &tokens, hashtagStart: r.lower)
            default:
                let scalars = Array(folded.scalars[r.lower..<r.upper])
                let canonical: [Unicode.Scalar]
                switch r.kind {
                case .phone: canonical = Self.phoneCanonical(scalars)
                case .money: canonical = Self.withoutGroupSeparators(scalars)
                default: canonical = scalars
                }
                tokens.append(makeToken(r.kind, r.lower, r.upper, canonical, flags: [], sentence: r.sentence))
            }
        }
        if configuration.deobfuscate { tokens = joinSplitLetters(tokens) }
        addTeencode(&tokens)
        return tokens
    }

    // MARK: words

    private func makeToken(
        _ kind: Token.Kind, _ lower: Int, _ upper: Int, _ canonical: [Unicode.Scalar], flags: Token.Flags, sentence: Int,
        originLower: Int? = nil
    ) -> Token {
        let from = originLower ?? Int(folded.start[lower])
        let to = Int(folded.end[upper - 1])
        return Token(
            kind: kind, scalarRange: from..<max(to, from + 1), utf8Range: 0..<0,
            canonical: String(encoding: canonical), bare: String(encoding: canonical.lazy.map(VietLetters.bare)),
            flags: flags, sentence: sentence)
    }

    /// A word (or hashtag body): canonical syllable, else de-obfuscated syllable(s), else the
    /// folded letters as they are (a foreign word, a name, an abbreviation).
    private func appendWords(
        _ lower: Int, _ upper: Int, kind: Token.Kind, sentence: Int, into tokens: inout [Token], hashtagStart: Int? = nil
    ) {
        guard lower < upper else {
            if let hashtagStart {
                tokens.append(makeToken(.punctuation, hashtagStart, upper, Array(folded.scalars[hashtagStart..<upper]), flags: [], sentence: sentence))
            }
            return
        }
        let originLower = hashtagStart.map { Int(folded.start[$0]) }
        var letters = Array(folded.scalars[lower..<upper])
        var flags: Token.Flags = hashtagStart == nil ? [] : [.inHashtag]
        if letters.contains(where: { VietLetters.hasDiacritic($0) || ($0.value >= 0x300 && $0.value < 0x370) }) {
            flags.insert(.diacritics)
        }
        if Self.isLaughter(letters) {
            tokens.append(makeToken(.laughter, lower, upper, letters, flags: flags, sentence: sentence, originLower: originLower))
            return
        }
        let deobfuscate = configuration.deobfuscate
        if deobfuscate, let mapped = Self.mapLookalikes(letters) {
            letters = mapped
            flags.formUnion([.lookalike, .deobfuscated])
        }
        if let canonical = Self.syllable(letters, typedDiacritics: flags.contains(.diacritics)) {
            tokens.append(makeToken(kind, lower, upper, canonical, flags: flags.union(.syllable), sentence: sentence, originLower: originLower))
            return
        }
        guard deobfuscate else {
            tokens.append(makeToken(kind, lower, upper, letters, flags: flags, sentence: sentence, originLower: originLower))
            return
        }
        if let canonical = Self.readLeet(letters, typedDiacritics: flags.contains(.diacritics)) {
            tokens.append(makeToken(kind, lower, upper, canonical, flags: flags.union([.leet, .deobfuscated, .syllable]), sentence: sentence, originLower: originLower))
            return
        }
        if let canonical = Self.squeeze(letters, typedDiacritics: flags.contains(.diacritics)) {
            tokens.append(makeToken(kind, lower, upper, canonical, flags: flags.union([.squeezed, .deobfuscated, .syllable]), sentence: sentence, originLower: originLower))
            return
        }
        // Glued syllables: split when typed with diacritics (`cáđộ`, `lừa‍đảo`), or inside a
        // hashtag (`#luadao`), where glueing is the norm. Unaccented words elsewhere are
        // left alone: `online` must not become `on li ne`.
        let typed = flags.contains(.diacritics)
        if (typed || hashtagStart != nil), letters.count == upper - lower,
           let parts = VietSyllables.segment(letters, bare: !typed), parts.count > 1 {
            let splitFlags: Token.Flags = hashtagStart == nil ? [.splitGlued, .deobfuscated, .syllable] : [.syllable]
            for (n, part) in parts.enumerated() {
                let syllable = Array(letters[part])
                let canonical = VietSyllables.canonicalize(syllable) ?? syllable
                var partFlags = flags.union(splitFlags)
                if !syllable.contains(where: VietLetters.hasDiacritic) { partFlags.remove(.diacritics) }
                tokens.append(makeToken(
                    kind, lower + part.lowerBound, lower + part.upperBound, canonical, flags: partFlags, sentence: sentence,
                    originLower: n == 0 ? originLower : nil))
            }
            return
        }
        tokens.append(makeToken(kind, lower, upper, letters, flags: flags, sentence: sentence, originLower: originLower))
    }

    /// The canonical syllable, or for text typed without diacritics, the letters when they
    /// can be a syllable with the marks left off.
    private static func syllable(_ letters: [Unicode.Scalar], typedDiacritics: Bool) -> [Unicode.Scalar]? {
        if let canonical = VietSyllables.canonicalize(letters) { return canonical }
        if !typedDiacritics, VietSyllables.isSyllable(letters, bare: true) { return letters }
        return nil
    }

    private static func isLaughter(_ letters: [Unicode.Scalar]) -> Bool {
        guard letters.count >= 3 else { return false }
        if letters.allSatisfy({ $0 == "k" }) { return true }
        guard letters.count >= 4, letters.count % 2 == 0 else { return false }
        let first = letters[0]
        let second = letters[1]
        guard first == "h" || first == "k", second == "a" || second == "e" || second == "i" || second == "j" else { return false }
        var k = 0
        while k + 1 < letters.count {
            if letters[k] != first || letters[k + 1] != second { return false }
            k += 2
        }
        return true
    }

    /// Look-alike letters mapped to Latin, recomposed; nil when nothing changed or the word has
    /// no Latin letter to anchor it (a Russian word stays Russian).
    private static func mapLookalikes(_ letters: [Unicode.Scalar]) -> [Unicode.Scalar]? {
        var changed = false
        var anchored = false
        var out = letters
        for (k, s) in letters.enumerated() {
            if let latin = Lookalikes.latin(for: s) {
                out[k] = latin
                changed = true
                if latin == "đ" { anchored = true }
            } else if VietLetters.split(s) != nil {
                anchored = true
            }
        }
        guard changed, anchored else { return nil }
        if out.contains(where: { $0.value >= 0x300 && $0.value < 0x370 }) {
            out = ICU.scalars(ICU.normalize(ICU.utf16(out), form: .nfc))
        }
        return out
    }

    /// Digits and symbols inside a letter run read as letters, kept when the result is a syllable.
    private static func readLeet(_ letters: [Unicode.Scalar], typedDiacritics: Bool) -> [Unicode.Scalar]? {
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

    /// Runs of the same letter (tone aside) squeezed to one, keeping the toned one:
    /// `lừaaaa` → `lừa`, `quáaaa` → `quá`. Only when the word was not a syllable (`xoong` stays).
    private static func squeeze(_ letters: [Unicode.Scalar], typedDiacritics: Bool) -> [Unicode.Scalar]? {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(letters.count)
        var changed = false
        for s in letters {
            if let last = out.last, VietLetters.bare(last) == VietLetters.bare(s), VietLetters.split(s) != nil {
                if VietLetters.split(last)?.tone == .level, VietLetters.split(s)?.tone != .level { out[out.count - 1] = s }
                changed = true
                continue
            }
            out.append(s)
        }
        guard changed else { return nil }
        return syllable(out, typedDiacritics: typedDiacritics)
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

    // MARK: split letters

    private static let letterSeparators: Set<String> = [".", "-", "_", "*", "·", "/", ",", "+", "~", "'", "|", "•"]

    /// Rejoins letters split by separators (`l.ừ.a`, `l-ừ-a`, `l ừ a đ ả o`) when the result
    /// is a sequence of valid syllables. Spaces alone need three letters or more (`ừ a` stays);
    /// `R.I.P` stays (no syllable), so does `0912.345.678` (a phone token).
    private func joinSplitLetters(_ tokens: [Token]) -> [Token] {
        func isSingleLetter(_ t: Token) -> Bool {
            t.kind == .word && t.canonical.unicodeScalars.count == 1 && VietLetters.split(t.canonical.unicodeScalars.first!) != nil
        }
        guard tokens.contains(where: isSingleLetter) else { return tokens }
        var out: [Token] = []
        out.reserveCapacity(tokens.count)
        var i = 0
        while i < tokens.count {
            guard isSingleLetter(tokens[i]) else {
                out.append(tokens[i])
                i += 1
                continue
            }
            var letters = [i]
            var usedSeparator = false
            var j = i + 1
            while j < tokens.count {
                if isSingleLetter(tokens[j]) {
                    letters.append(j)
                    j += 1
                } else if tokens[j].kind == .punctuation, Self.letterSeparators.contains(String(tokens[j].canonical.unicodeScalars.first!)),
                          j + 1 < tokens.count, isSingleLetter(tokens[j + 1]),
                          tokens[j].scalarRange.lowerBound == tokens[j - 1].scalarRange.upperBound {
                    usedSeparator = true
                    j += 1
                } else {
                    break
                }
            }
            let enough = letters.count >= 3 || (usedSeparator && letters.count >= 2)
            if enough, let joined = joined(letters.map { tokens[$0] }) {
                out.append(contentsOf: joined)
                i = j
            } else {
                out.append(tokens[i])
                i += 1
            }
        }
        return out
    }

    private func joined(_ letters: [Token]) -> [Token]? {
        let scalars = letters.map { $0.canonical.unicodeScalars.first! }
        let parts: [Range<Int>]
        if VietSyllables.canonicalize(scalars) != nil {
            parts = [0..<scalars.count]
        } else if let segments = VietSyllables.segment(scalars, bare: false), segments.allSatisfy({ $0.count > 1 }) {
            parts = segments
        } else if configuration.teencode.lookup(String(encoding: scalars)) != nil {
            parts = [0..<scalars.count]  // `v.c.l`, `đ.m`: shorthand spelled out
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
            return Token(
                kind: .word, scalarRange: first.scalarRange.lowerBound..<last.scalarRange.upperBound, utf8Range: 0..<0,
                canonical: String(encoding: canonical), bare: String(encoding: canonical.lazy.map(VietLetters.bare)), flags: flags,
                sentence: first.sentence)
        }
    }

    // MARK: teencode

    private func addTeencode(_ tokens: inout [Token]) {
        let table = configuration.teencode
        for k in tokens.indices where tokens[k].kind == .word || tokens[k].kind == .hashtag {
            guard let readings = table.lookup(tokens[k].canonical) else { continue }
            var alternatives: [Alternative] = []
            for reading in readings {
                if reading.needsAmountNearby, !Self.hasAmount(near: k, in: tokens) { continue }
                alternatives.append(Alternative(syllables: reading.syllables))
            }
            tokens[k].alternatives = alternatives
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
