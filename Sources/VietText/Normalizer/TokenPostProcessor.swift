/// The passes that need the whole post: letters split across tokens rejoined, and teencode
/// readings that depend on context kept or dropped. They run after the tokens of every part
/// of the text are built (by `TokenBuilder`, or from the chunk cache).
struct TokenPostProcessor {
    let configuration: Normalizer.Configuration

    /// The layers of the tokens after both passes: the same as `TokenLayers` of the tokens
    /// passed, made from the records without a `Token` (112 bytes and two strings) for each.
    /// The records are rewritten in place; the layer bytes and readings are copied.
    func finish(_ layers: consuming TokenLayers) -> TokenLayers {
        var rewriter = LayerRewriter(layers)
        if configuration.deobfuscate {
            joinSplitLetters(&rewriter)
        } else {
            for index in 0..<rewriter.count { rewriter.keep(index) }
        }
        var result = rewriter.finish()
        gateTeencode(&result)
        return result
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
    /// before where its run began, and a long post's records are not held twice.
    private func joinSplitLetters(_ tokens: inout LayerRewriter) {
        let count = tokens.count
        var i = 0
        while i < count {
            guard tokens.isSingleLetter(i) else {
                tokens.keep(i)
                i += 1
                continue
            }
            var letters = [i]
            var usedSeparator = false
            var j = i + 1
            while j < count, letters.count < Self.maxSplitLetters {
                if tokens.isSingleLetter(j) {
                    letters.append(j)
                    j += 1
                } else if tokens.isLetterSeparator(j),
                          j + 1 < count, tokens.isSingleLetter(j + 1),
                          tokens.scalarStart(j) == tokens.scalarEnd(j - 1),
                          tokens.scalarStart(j + 1) == tokens.scalarEnd(j) {
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
                if letters.count >= 3, let joined = joined(letters.map(tokens.letter), spaced: true) {
                    for token in joined { tokens.put(token) }
                    i = j
                } else {
                    tokens.keep(i)
                    i += 1
                }
                continue
            }
            // Each word on its own (`s.ố t.h.ẻ` is số thẻ, never sốt hẻ).
            let phrase = groups.filter { $0.count >= 2 }.count >= 2
            for group in groups {
                if group.count >= 2, let joined = joined(group.map(tokens.letter), spaced: false, inPhrase: phrase) {
                    for token in joined { tokens.put(token) }
                } else {
                    for k in group.first!...group.last! { tokens.keep(k) }
                }
            }
            i = letters.last! + 1
        }
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
    private func joined(_ letters: [LayerRewriter.Letter], spaced: Bool, inPhrase: Bool = false) -> [Token]? {
        let scalars = letters.map(\.scalar)
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

    /// Keeps the readings that need an amount nearby where one is, as plain readings, and
    /// drops them elsewhere; the readings left are renumbered in token order.
    private func gateTeencode(_ layers: inout TokenLayers) {
        guard layers.records.contains(where: { $0.traits.contains(.readingNeedsAmount) }) else { return }
        var readings: [[Alternative]] = []
        for k in layers.records.indices where layers.records[k].alternatives >= 0 {
            var list = layers.alternatives[Int(layers.records[k].alternatives)]
            if layers.records[k].traits.contains(.readingNeedsAmount) {
                let amount = Self.hasAmount(near: k, in: layers)
                list = list.compactMap { alternative in
                    guard alternative.needsAmountNearby else { return alternative }
                    return amount ? Alternative(syllables: alternative.syllables, source: alternative.source) : nil
                }
                layers.records[k].traits.remove(.readingNeedsAmount)
            }
            if list.isEmpty {
                layers.records[k].alternatives = -1
            } else {
                layers.records[k].alternatives = Int32(truncatingIfNeeded: readings.count)
                readings.append(list)
            }
        }
        layers.alternatives = readings
    }

    private static let accountWords: Set<String> = ["stk", "tk", "tài", "khoản", "khoan", "tai", "ngân", "hàng", "bank", "momo", "vietcombank", "techcombank", "mbbank", "vcb", "acb", "bidv", "vietinbank", "agribank", "tpbank", "vpbank"]

    private static func hasAmount(near k: Int, in layers: TokenLayers) -> Bool {
        let window = TeencodeTable.contextWindow
        let lower = max(0, k - window)
        let upper = min(layers.records.count, k + window + 1)
        for j in lower..<upper where j != k {
            switch layers.records[j].kind {
            case .money, .number, .phone: return true
            case .word: if accountWords.contains(layers.canonicalText(at: j)) { return true }
            default: continue
            }
        }
        return false
    }
}

/// A text's layers rewritten token by token by `TokenPostProcessor`: records read at an index
/// at or after the last written are the input's, unchanged (each output record is written at
/// or before the input record it replaces); layer bytes and readings go to new arrays.
struct LayerRewriter {
    /// What the rejoining of split letters reads of a single letter.
    struct Letter {
        var scalar: Unicode.Scalar
        var hasDiacritics: Bool
        var scalarRange: Range<Int>
        var utf8Range: Range<Int>
        var sentence: Int
    }

    private var records: [TokenRecord]
    private let canonicalIn: [UInt8]
    private let bareIn: [UInt8]
    private let readingsIn: [[Alternative]]
    private var canonical: [UInt8] = []
    private var bare: [UInt8] = []
    private var readings: [[Alternative]] = []
    private var written = 0
    /// The number of input records.
    let count: Int

    init(_ layers: consuming TokenLayers) {
        records = layers.records
        layers.records = []  // the records are rewritten in place: no second reference
        (canonicalIn, bareIn, readingsIn) = (layers.canonical, layers.bare, layers.alternatives)
        count = records.count
        canonical.reserveCapacity(canonicalIn.count)
        bare.reserveCapacity(bareIn.count)
    }

    func isSingleLetter(_ index: Int) -> Bool { input(index).traits.contains(.singleLetter) }
    func isLetterSeparator(_ index: Int) -> Bool { input(index).traits.contains(.letterSeparator) }
    func scalarStart(_ index: Int) -> Int32 { input(index).scalarStart }
    func scalarEnd(_ index: Int) -> Int32 { input(index).scalarEnd }

    /// Input record `index` as a single letter (its canonical form's one scalar).
    func letter(_ index: Int) -> Letter {
        let record = input(index)
        let form = canonicalIn[Int(record.canonicalStart)..<Int(record.canonicalEnd)]
        return Letter(
            scalar: String(decoding: form, as: UTF8.self).unicodeScalars.first!, hasDiacritics: record.hasDiacritics,
            scalarRange: record.scalarRange, utf8Range: record.utf8Range, sentence: Int(record.sentence))
    }

    private func input(_ index: Int) -> TokenRecord {
        assert(index >= written, "input record already rewritten")
        return records[index]
    }

    /// Writes input record `index` unchanged, as `TokenLayers.append` would its token.
    mutating func keep(_ index: Int) {
        var record = input(index)
        spaceBefore(start: Int(record.scalarStart), kind: record.kind)
        let (form, bareForm) = (Int(record.canonicalStart)..<Int(record.canonicalEnd), Int(record.bareStart)..<Int(record.bareEnd))
        record.canonicalStart = Int32(truncatingIfNeeded: canonical.count)
        canonical.append(contentsOf: canonicalIn[form])
        record.canonicalEnd = Int32(truncatingIfNeeded: canonical.count)
        record.bareStart = Int32(truncatingIfNeeded: bare.count)
        bare.append(contentsOf: bareIn[bareForm])
        record.bareEnd = Int32(truncatingIfNeeded: bare.count)
        if record.alternatives >= 0 {
            readings.append(readingsIn[Int(record.alternatives)])
            record.alternatives = Int32(truncatingIfNeeded: readings.count - 1)
        }
        // As a token's record before `SyllableIndex.assignIDs`.
        (record.syllableID, record.bareSyllableID) = (-1, -1)
        records[written] = record
        written += 1
    }

    /// Writes a new token, as `TokenLayers.append` does.
    mutating func put(_ token: Token) {
        spaceBefore(start: token.scalarRange.lowerBound, kind: token.kind)
        records[written] = TokenLayers.record(of: token, canonical: &canonical, bare: &bare, alternatives: &readings)
        written += 1
    }

    private mutating func spaceBefore(start: Int, kind: Token.Kind) {
        guard written > 0 else { return }
        let previous = records[written - 1]
        if TokenLayers.needsSpace(previousEnd: Int(previous.scalarEnd), previousKind: previous.kind, start: start, kind: kind) {
            canonical.append(0x20)
            bare.append(0x20)
        }
    }

    /// The layers written.
    consuming func finish() -> TokenLayers {
        records.removeLast(records.count - written)
        return TokenLayers(records: records, canonical: canonical, bare: bare, alternatives: readings)
    }
}
