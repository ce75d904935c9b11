@testable import VietText
import Testing

/// The allocation-free building blocks of the per-word path give what the plain ways give.
@Suite("VietText building blocks agree with the plain ways")
struct NormalizerBuildingBlockTests {
    typealias Generator = NormalizerPropertyTests.Generator

    /// Scalars of every width, marks, Vietnamese letters, look-alikes and emoji.
    static let scalarPool: [Unicode.Scalar] = Array("aZ09 .@đĐừỮơƠ\u{0301}\u{0323}\u{0302}аσᴀß﬩…“👍🏻🇻🇳\u{200D}\u{FE0F}ｈ中".unicodeScalars)
        + ["\u{10FFFD}", "\u{7F}", "\u{80}", "\u{7FF}", "\u{800}", "\u{FFFF}", "\u{10000}"]

    static func randomScalars(_ generator: inout Generator, maximumCount: Int) -> [Unicode.Scalar] {
        (0..<Int(generator.next() % UInt64(maximumCount) + 1)).map { _ in generator.pick(scalarPool) }
    }

    @Test func hashedStringsEqualTheEncodedStringAndItsHash() {
        var generator = Generator(state: 7)
        for _ in 0..<3000 {
            let scalars = Self.randomScalars(&generator, maximumCount: 24)
            let hashed = String.hashed(encoding: scalars)
            let plain = String(encoding: scalars)
            #expect(hashed.string == plain)
            #expect(hashed.hash == ByteHash.of(plain))
            #expect(hashed.isASCII == plain.utf8.allSatisfy { $0 < 0x80 })
        }
    }

    @Test func stackNormalizationEqualsArrayNormalization() {
        var generator = Generator(state: 11)
        for _ in 0..<3000 {
            // Up to 40 scalars: past the stack buffer's 32 code units too.
            let scalars = Self.randomScalars(&generator, maximumCount: 40)
            for form in [ICU.Form.nfkcCasefold, .nfc] {
                var streamed: [Unicode.Scalar] = []
                ICU.normalize(scalars, form: form) { streamed.append($0) }
                #expect(streamed == ICU.scalars(ICU.normalize(ICU.utf16(scalars), form: form)), "\(scalars)")
            }
        }
    }

    @Test func validUTF8ScalarsEqualTheStringsOwn() {
        var generator = Generator(state: 13)
        for _ in 0..<2000 {
            let text = String(String.UnicodeScalarView(Self.randomScalars(&generator, maximumCount: 30)))
            let bytes = text.utf8.span
            var decoded: [Unicode.Scalar] = []
            var offset = 0
            while offset < bytes.count { decoded.append(ValidUTF8Scalars.decode(bytes, at: &offset)) }
            #expect(decoded == Array(text.unicodeScalars))
            var folded = FoldedScalars()
            CharacterFolding.fold(utf8: bytes, into: &folded)
            let general = CharacterFolding.fold(decoded)
            #expect(folded.scalars == general.scalars && folded.origins == general.origins)
            #expect(ChunkFacts(utf8: bytes) == ChunkFacts(decoded))
        }
    }

    @Test func syllablePrefixesReadAsTheirOwnLetters() {
        for word in ["nghiêng", "quyển", "thuở", "giếng", "hoà", "lựơng", "xoong", "khuỷu", "ươn", "kkkkk"] {
            guard let letters = SyllableLetters(word.unicodeScalars) else { continue }
            for length in 0...letters.count {
                let read = SyllableLetters(Array(word.unicodeScalars.prefix(length)))!
                let prefix = letters.prefix(length)
                #expect(prefix.packed == read.packed && prefix.count == read.count)
                #expect(prefix.tone == read.tone && prefix.toneIndex == read.toneIndex, "\(word) \(length)")
            }
        }
    }

    @Test func teencodeHashLookupEqualsTheDictionary() {
        let table = TeencodeTable.builtIn
        var generator = Generator(state: 17)
        let letters = Array("abcdghiklmnoqrstuvxyzđôơư".unicodeScalars)
        let randomWords = (0..<5000).map { _ in
            String(String.UnicodeScalarView((0..<Int(generator.next() % 5 + 1)).map { _ in generator.pick(letters) }))
        }
        for word in Array(table.readings.keys) + randomWords {
            #expect(table.lookup(word, hash: ByteHash.of(word)) == table.lookup(word), "\(word)")
        }
    }

    @Test func alphabeticShortcutEqualsTheUnicodeProperty() {
        for value in UInt32(0xC0)..<0x20000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(ChunkFacts.isAlphabetic(scalar) == scalar.properties.isAlphabetic, "U+\(String(value, radix: 16))")
        }
    }

    /// A chunk the plain way: `Token`s built, given UTF-8 ranges, then laid out in layers.
    static func plainChunkLayers(_ text: String, normalizer: Normalizer) -> (layers: TokenLayers, endsSentence: Bool) {
        let folded = CharacterFolding.fold(Array(text.unicodeScalars))
        var builder = TokenBuilder(folded: folded, configuration: normalizer.configuration)
        var tokens = builder.build(Tokenizer(folded.scalars).tokenize(), teencode: normalizer.configuration.teencode)
        Normalizer.assignUTF8Ranges(&tokens, scalars: Array(text.unicodeScalars))
        let endsSentence = tokens.last.map { token in
            token.kind == .punctuation && token.canonical.unicodeScalars.contains { "。.!?…".unicodeScalars.contains($0) }
        } ?? false
        return (TokenLayers(tokens, capacity: tokens.count), endsSentence)
    }

    @Test func chunkLayersWrittenDirectlyEqualTheTokensLaidOut() {
        var generator = Generator(state: 19)
        let normalizer = Normalizer()
        var scratch = ChunkScratch()
        var kept: [(ChunkLayers, TokenLayers)] = []
        let pieces = NormalizerPropertyTests.pieces + ["abc", "online", "2.000.000đ", "+84 912 345 678", "ｈｔｔｐｓ://x.com", "a.b.c", "ck", "-", "·", "½", "x¼", "㈱", "℡"]
        for round in 0..<4000 {
            // Pieces glued as one chunk, or random scalars (an overlap now and then: `ß﬩` folds to several scalars).
            let text = round % 2 == 0
                ? (0..<Int(generator.next() % 4 + 1)).map { _ in generator.pick(pieces) }.joined()
                : String(String.UnicodeScalarView(Self.randomScalars(&generator, maximumCount: 16)))
            let plain = Self.plainChunkLayers(text, normalizer: normalizer)
            let written = normalizer.normalizeChunk(text.utf8.span, scratch: &scratch)
            #expect(written.layers == plain.layers, "\(text.debugDescription)")
            #expect(written.endsSentence == plain.endsSentence, "\(text.debugDescription)")
            // Some results outlive the next chunks (as the chunk path's uncached ones do): the
            // scratch must not write over them.
            if round % 97 == 0 { kept.append((written, plain.layers)) }
        }
        for (written, plain) in kept { #expect(written.layers == plain) }
    }

    @Test func foldingIntoUsedScalarsEqualsFoldingAfresh() {
        var generator = Generator(state: 23)
        var reused = FoldedScalars()
        for _ in 0..<2000 {
            let scalars = Self.randomScalars(&generator, maximumCount: 30)
            CharacterFolding.fold(scalars, into: &reused)
            let fresh = CharacterFolding.fold(scalars)
            #expect(reused.scalars == fresh.scalars && reused.origins == fresh.origins, "\(scalars)")
        }
    }

    @Test func letterSeparatorSwitchEqualsTheSetOfStrings() {
        let separators: Set<String> = [".", "-", "_", "*", "·", "/", ",", "+", "~", "'", "|", "•"]
        for value in UInt32(0)..<0x30000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(TokenPostProcessor.isLetterSeparator(scalar) == separators.contains(String(scalar)), "U+\(String(value, radix: 16))")
        }
    }

    @Test func teencodeLookupOnBytesEqualsTheStringLookup() {
        let table = TeencodeTable.builtIn
        for word in Array(table.readings.keys) + ["khong", "xyz", "ko ", "đc", "k"] {
            let fromBytes = table.lookup(utf8: Array(word.utf8)[...], hash: ByteHash.of(word))
            #expect(fromBytes == table.lookup(word), "\(word)")
        }
    }

    @Test func printableASCIIFoldsAndFactsEqualTheGeneralOnes() {
        var generator = Generator(state: 29)
        let printable = (UInt8(0x20)...0x7E).map { Unicode.Scalar($0) }
        let others: [Unicode.Scalar] = ["\u{0}", "\u{1F}", "\u{7F}", "\u{80}", "đ", "\u{0301}", "🔥"]
        var folded = FoldedScalars()
        for round in 0..<3000 {
            var scalars = (0..<Int(generator.next() % 20 + 1)).map { _ in generator.pick(printable) }
            if round < printable.count { scalars = [printable[round]] }
            let mixed = round % 3 == 0
            if mixed { scalars.insert(generator.pick(others), at: Int(generator.next() % UInt64(scalars.count + 1))) }
            let text = String(String.UnicodeScalarView(scalars))
            let bytes = text.utf8.span
            let facts = ChunkFacts(printableASCII: bytes)
            guard !mixed else {
                #expect(facts == nil, "\(scalars)")
                continue
            }
            #expect(facts == ChunkFacts(scalars), "\(scalars)")
            CharacterFolding.foldPrintableASCII(bytes, into: &folded)
            let general = CharacterFolding.fold(scalars)
            // Its origins are computed from the offsets (no array): read them one by one.
            #expect(folded.scalars == general.scalars && folded.scalars.indices.allSatisfy { folded.origin($0) == general.origins[$0] },
                    "\(scalars)")
        }
    }

    @Test func tabledScalarTraitsAndClassesEqualTheComputedOnes() {
        let ranges: [ClosedRange<UInt32>] = [0...0x2FFF, 0xFE00...0xFE0F, 0x1EFFF...0x1FBFF, 0xE0000...0xE0080]
        for value in ranges.joined() {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(CharacterFolding.traits(scalar) == CharacterFolding.ScalarTraits.compute(scalar), "U+\(String(value, radix: 16))")
            #expect(ScalarClass.lookup(scalar) == ScalarClass.compute(scalar), "U+\(String(value, radix: 16))")
        }
    }
}
