/// One token of a normalized text, with its place in the original.
///
/// Tokens partition the meaningful part of the text: words (Vietnamese syllables or foreign
/// words), protected tokens (URLs, e-mails, phone numbers, money, hashtags, mentions),
/// emoji, laughter and punctuation. White space and removed invisible characters belong to
/// no token.
public struct Token: Sendable, Hashable {
    /// What a token is.
    public enum Kind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// A Vietnamese syllable or a foreign word.
        case word
        /// Digits (`2024`, `0123`), not a phone number or an amount.
        case number
        /// An amount of money (`500k`, `1tr`, `200.000đ`).
        case money
        /// A phone number, in groups or not (`0912 345 678`).
        case phone
        /// A URL or a bare domain with a path.
        case url
        /// An e-mail address.
        case email
        /// A hashtag (`#vayvon`); its words also become tokens.
        case hashtag
        /// A mention (`@someone`).
        case mention
        /// An emoji.
        case emoji
        /// Laughter written as a word (`haha`, `hihi`, `kkk`).
        case laughter
        /// Punctuation.
        case punctuation
        /// The kind's name (`word`, `url`...).
        public var description: String { rawValue }

        /// Kinds that take part in term matching (syllable sequences).
        public var isMatchable: Bool {
            switch self {
            case .word, .number, .money, .hashtag, .laughter: true
            case .phone, .url, .email, .mention, .emoji, .punctuation: false
            }
        }
    }

    /// Properties of a token a rule or a reviewer may care about.
    public struct Flags: OptionSet, Sendable, Hashable {
        /// The flags as bits.
        public let rawValue: UInt16
        /// Flags from their bits.
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// The author typed diacritics on this token (tone or quality marks, or `đ`).
        public static let diacritics = Flags(rawValue: 1 << 0)
        /// `canonical` needed de-obfuscation (any of the flags below, or split/glued letters).
        public static let deobfuscated = Flags(rawValue: 1 << 1)
        /// Letters split by separators were rejoined (`l.ừ.a`, `l ừ a`).
        public static let joinedLetters = Flags(rawValue: 1 << 2)
        /// Syllables glued together were split (`cáđộ`, `lừa‍đảo`).
        public static let splitGlued = Flags(rawValue: 1 << 3)
        /// Look-alike letters were mapped (Cyrillic/Greek in Latin words, `Ð`, small caps).
        public static let lookalike = Flags(rawValue: 1 << 4)
        /// Digits or symbols inside a letter run were read as letters (`l0n`, `c@c`).
        public static let leet = Flags(rawValue: 1 << 5)
        /// Repeated letters were squeezed (`lừaaaa`).
        public static let squeezed = Flags(rawValue: 1 << 6)
        /// Legacy encoding or VIQR was decoded (`Vie^.t`).
        public static let legacyDecoded = Flags(rawValue: 1 << 7)
        /// The token is a valid Vietnamese syllable (after canonicalization).
        public static let syllable = Flags(rawValue: 1 << 8)
        /// The token came from inside a hashtag.
        public static let inHashtag = Flags(rawValue: 1 << 9)
    }

    /// What the token is.
    public var kind: Kind
    /// Range in the original text, in Unicode scalars.
    public var scalarRange: Range<Int>
    /// Range in the original text, in UTF-8 bytes.
    public var utf8Range: Range<Int>
    /// Case-folded, NFC, canonical tone placement, de-obfuscated.
    public var canonical: String {
        didSet { canonicalHash = ByteHash.of(canonical) }
    }
    /// `canonical` without diacritics, `đ` → `d`.
    public var bare: String {
        didSet { bareHash = ByteHash.of(bare) }
    }
    /// FNV-1a hashes of `canonical` and `bare`'s UTF-8, kept for the matcher's syllable lookups.
    private(set) var canonicalHash: UInt64
    private(set) var bareHash: UInt64
    /// Other readings of the token (teencode), each a sequence of syllables.
    public var alternatives: [Alternative]
    /// What normalization found or did on this token.
    public var flags: Flags
    /// 0-based index of the sentence the token belongs to.
    public var sentence: Int

    /// A token with its kind, place in the original, forms, readings and flags.
    public init(
        kind: Kind, scalarRange: Range<Int>, utf8Range: Range<Int>, canonical: String, bare: String,
        alternatives: [Alternative] = [], flags: Flags = [], sentence: Int = 0
    ) {
        self.kind = kind
        self.scalarRange = scalarRange
        self.utf8Range = utf8Range
        self.canonical = canonical
        self.bare = bare
        self.canonicalHash = ByteHash.of(canonical)
        self.bareHash = ByteHash.of(bare)
        self.alternatives = alternatives
        self.flags = flags
        self.sentence = sentence
    }

    /// A token whose forms' hashes are already known (`ByteHash` of their UTF-8).
    init(
        kind: Kind, scalarRange: Range<Int>, utf8Range: Range<Int>, canonical: String, canonicalHash: UInt64, bare: String,
        bareHash: UInt64, flags: Flags, sentence: Int
    ) {
        self.kind = kind
        self.scalarRange = scalarRange
        self.utf8Range = utf8Range
        self.canonical = canonical
        self.bare = bare
        self.canonicalHash = canonicalHash
        self.bareHash = bareHash
        self.alternatives = []
        self.flags = flags
        self.sentence = sentence
    }

    /// Whether the author typed diacritics on this token.
    public var hasDiacritics: Bool { flags.contains(.diacritics) }
}

/// Another reading of a token: `ck` may be read `chồng` or `chuyển khoản`.
public struct Alternative: Sendable, Hashable {
    /// Where the reading comes from.
    public enum Source: String, Sendable, Hashable {
        /// A teencode or chat-shorthand reading (`ck` → `chuyển khoản`).
        case teencode
    }

    /// The reading, canonical, one syllable per element.
    public var syllables: [String]
    /// Where the reading comes from.
    public var source: Source
    /// Kept only when an amount is near; settled once the whole post is known.
    var needsAmountNearby: Bool

    /// A reading of `syllables` (canonical, one syllable per element).
    public init(syllables: [String], source: Source = .teencode) {
        self.syllables = syllables
        self.source = source
        self.needsAmountNearby = false
    }

    init(syllables: [String], needsAmountNearby: Bool) {
        self.syllables = syllables
        self.source = .teencode
        self.needsAmountNearby = needsAmountNearby
    }

    /// The reading as one string, syllables separated by spaces.
    public var text: String { syllables.joined(separator: " ") }
}

/// A 64-bit hash of UTF-8 bytes, for syllables and chunks: a rotate-and-xor per byte (a short
/// dependency chain, so that it can run inside the loop that scans a text byte by byte), then
/// a multiply that mixes every bit (look-ups use both the low and the high bits).
package enum ByteHash {
    static let seed: UInt64 = 0x243F_6A88_85A3_08D3

    /// The running hash of some bytes followed by `byte`.
    @inline(__always)
    static func step(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash << 7 | hash >> 57) ^ UInt64(byte)
    }

    /// The hash of bytes whose running hash is `hash`.
    @inline(__always)
    static func finish(_ hash: UInt64) -> UInt64 {
        let product = hash.multipliedFullWidth(by: 0x9E37_79B9_7F4A_7C15)
        return product.high ^ product.low
    }

    @inline(__always)
    package static func of(_ bytes: Span<UInt8>) -> UInt64 {
        var hash = seed
        for index in bytes.indices { hash = step(hash, bytes[index]) }
        return finish(hash)
    }

    package static func of(_ string: String) -> UInt64 {
        of(string.utf8.span)
    }
}
