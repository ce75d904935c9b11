import Testing
import VietText

/// Letter-level tables: split, compose, bare, diacritic and vowel checks.
@Suite struct SyllableLetterTests {
    static let vowels: [Unicode.Scalar] = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]
    static let markedVowels: Set<Unicode.Scalar> = ["ă", "â", "ê", "ô", "ơ", "ư"]
    /// The combining mark of each tone, as an oracle independent of the library's table.
    static let combiningMark: [VietTone: Unicode.Scalar] = [
        .falling: "\u{0300}", .rising: "\u{0301}", .dipping: "\u{0309}", .tumbling: "\u{0303}", .heavy: "\u{0323}",
    ]

    @Test("All 72 precomposed vowels round-trip through split and compose", arguments: vowels)
    func vowelRoundTrip(vowel: Unicode.Scalar) throws {
        for tone in VietTone.allCases {
            let toned = try #require(VietLetters.compose(vowel, tone), "\(vowel) + \(tone)")
            // Canonical equivalence with base + combining mark proves the table picked the right code point.
            var decomposed = String(Character(vowel))
            if let mark = Self.combiningMark[tone] { decomposed.unicodeScalars.append(mark) }
            #expect(Character(toned) == Character(decomposed), "\(vowel) + \(tone)")
            let split = try #require(VietLetters.split(toned))
            #expect(split.letter == vowel && split.tone == tone, "split(\(toned))")
            #expect(VietLetters.bare(toned).isASCII, "bare(\(toned))")
            #expect(VietLetters.bare(toned) == VietLetters.bare(vowel))
            #expect(VietLetters.isVowel(toned))
            #expect(VietLetters.hasDiacritic(toned) == (tone != .level || Self.markedVowels.contains(vowel)))
        }
    }

    @Test func the72VowelsAreDistinct() {
        let all = Set(Self.vowels.flatMap { vowel in VietTone.allCases.compactMap { VietLetters.compose(vowel, $0) } })
        #expect(all.count == 72)
    }

    @Test(arguments: [
        ("ờ", "o"), ("đ", "d"), ("ư", "u"), ("ặ", "a"), ("Ừ", "U"), ("Đ", "D"), ("ç", "ç"), ("!", "!"), ("z", "z"),
    ] as [(Unicode.Scalar, Unicode.Scalar)])
    func bareForm(input: Unicode.Scalar, expected: Unicode.Scalar) {
        #expect(VietLetters.bare(input) == expected)
    }

    @Test(arguments: ["b", "đ", "f", "j", "w", "z", "q"] as [Unicode.Scalar])
    func consonantsSplitWithLevelTone(letter: Unicode.Scalar) throws {
        let split = try #require(VietLetters.split(letter))
        #expect(split.letter == letter && split.tone == .level)
        #expect(VietLetters.compose(letter, .level) == letter)
        #expect(VietLetters.compose(letter, .rising) == nil)
        #expect(!VietLetters.isVowel(letter))
    }

    @Test(arguments: ["A", "Ờ", "1", "ç", "а" /* Cyrillic */, "\u{0301}", " "] as [Unicode.Scalar])
    func nonLowercaseLettersDoNotSplit(scalar: Unicode.Scalar) {
        #expect(VietLetters.split(scalar) == nil)
    }

    @Test func composeRejectsTonedInput() {
        #expect(VietLetters.compose("á", .falling) == nil)
        #expect(VietLetters.compose("1", .level) == nil)
    }

    @Test func diacriticsAndVowelsInEitherCase() {
        #expect(VietLetters.hasDiacritic("đ") && VietLetters.hasDiacritic("Đ") && VietLetters.hasDiacritic("Ả"))
        #expect(!VietLetters.hasDiacritic("a") && !VietLetters.hasDiacritic("ç"))
        #expect(VietLetters.isVowel("Ơ") && !VietLetters.isVowel("đ"))
    }
}
