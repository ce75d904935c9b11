@testable import VietText
import Testing

/// The chunk path (cached tokens of the text between spaces) must give exactly what the full
/// path gives, or hand the text to it.
@Suite("Normalizer: chunk path equals full path")
struct ChunkCacheTests {
    static let pieces = NormalizerPropertyTests.pieces + [
        "Lừa", "đảo,", "nhé.", "ĐẢO!", "0912", "345", "678", "+84", "002", "650", "410", "0912 345 678", "gọi:0912", "sao vay?", "l.o.n", "s.ố", "t.h.ẻ", "C.A.N.H",
        "ck", "500k", "Vie^.t", "lừа", "hom nay", "\n", "\t", "khoản.\n", "x\u{00A0}y", "…", "vnexpress.net/a,", "#tinnong",
    ]

    @Test func samePathsOnRandomTexts() {
        var generator = NormalizerPropertyTests.Generator(state: 99)
        let normalizer = Normalizer()
        for _ in 0..<2000 {
            let text = (0..<Int(generator.next() % 10 + 1)).map { _ in generator.pick(Self.pieces) }
                .joined(separator: generator.pick([" ", "  ", "\n", ""]))
            let chunked = normalizer.normalize(text)
            let whole = normalizer.normalizeWhole(text)
            #expect(chunked.tokens == whole.tokens, "\(text.debugDescription)")
            #expect(chunked.canonical == whole.canonical)
        }
    }

    /// The word-at-a-time chunk scan ends chunks and counts scalars as a byte-by-byte scan does,
    /// at every alignment, with control characters, white space and multi-byte letters.
    @Test func chunkScanEqualsTheByteLoop() {
        var generator = NormalizerPropertyTests.Generator(state: 7)
        let alphabet: [[UInt8]] = ["a", "Z", "ừ", "đ", "😀", "\u{1}", "\u{1F}", "\u{7F}", " ", "\t", "\n", "\r", "\u{B}", "\u{C}", "!", "\u{0300}"].map { Array($0.utf8) }
        for _ in 0..<3000 {
            let bytes = (0..<Int(generator.next() % 30)).flatMap { _ in generator.pick(alphabet) }
            for start in 0..<bytes.count {
                var end = start
                var scalars = 0
                while end < bytes.count, !Normalizer.separatesChunks(bytes[end]) {
                    if bytes[end] & 0xC0 != 0x80 { scalars += 1 }
                    end += 1
                }
                let scanned = Normalizer.chunkEnd(bytes.span, from: start)
                #expect(scanned.end == end && scanned.scalars == scalars, "\(bytes) from \(start)")
            }
        }
    }

    /// A chunk's hash depends on its bytes only, wherever it stands in a text.
    @Test func chunkHashDependsOnTheBytesOnly() {
        let chunks = ["a", "ừ", "đảo,", "khoản.", "0912.345.678", "https://vnexpress.net/a-b-c"]
        var hashes: Set<UInt64> = []
        for chunk in chunks {
            var seen: Set<UInt64> = []
            for prefix in ["", " ", "xyz ", "ngày hôm qua "] {
                let text = Array((prefix + chunk + " tiếp").utf8)
                let start = prefix.utf8.count
                seen.insert(ChunkHash.of(text.span, start..<(start + chunk.utf8.count)))
            }
            #expect(seen.count == 1, "\(chunk)")
            hashes.formUnion(seen)
        }
        #expect(hashes.count == chunks.count)
    }

    /// The table keeps a chunk's records in a byte per offset when they fit and whole when
    /// they do not (a canonical form far longer than the chunk, many sentences in one chunk):
    /// both read back as the full path's tokens, the first time and from the table.
    @Test(arguments: [
        String(repeating: "\u{FDFA}", count: 30),  // each expands to 18 letters under NFKC
        "lừa " + String(repeating: "\u{FDFA}", count: 20) + " đảo",
        String(repeating: "a.", count: 48),
        String(repeating: "Lừa!", count: 16),
        "ck 500k vào stk",
    ])
    func compactAndFullRecordsReadBackTheSame(text: String) {
        let normalizer = Normalizer()
        let whole = normalizer.normalizeWhole(text)
        for _ in 0..<2 {
            let chunked = normalizer.normalize(text)
            #expect(chunked.tokens == whole.tokens, "\(text.debugDescription)")
            #expect(chunked.canonical == whole.canonical)
            #expect(chunked.bare == whole.bare)
        }
    }

    /// Every capital `ChunkCase` looks up in small letters, with its small letter, and letters
    /// it leaves alone (`ẞ` folds to `ss`, `İ` to two scalars, Greek and `Þ`'s neighbours).
    static let casePairs: [(capital: String, small: String)] = [
        ("A", "a"), ("Z", "z"), ("À", "à"), ("Ý", "ý"), ("Þ", "þ"), ("Ă", "ă"), ("Đ", "đ"), ("Ĩ", "ĩ"), ("Ũ", "ũ"),
        ("Ơ", "ơ"), ("Ư", "ư"), ("Ạ", "ạ"), ("Ố", "ố"), ("Ừ", "ừ"), ("Ỹ", "ỹ"),
    ]

    @Test func smallLettersMapOnlyThePairsThatFoldAlike() {
        func small(_ text: String) -> String? {
            let bytes = Array(text.utf8)
            var out = [UInt8](repeating: 0, count: bytes.count)
            var outSpan = out.mutableSpan
            let changed = ChunkCase.smallLetters(bytes.span, into: &outSpan)
            _ = consume outSpan
            return changed ? String(decoding: out, as: UTF8.self) : nil
        }
        for (capital, smallLetter) in Self.casePairs {
            #expect(small(capital) == smallLetter)
            // The pair folds to one scalar, the small letter (what makes the layers the same).
            #expect(CharacterFolding.fold(Array(capital.unicodeScalars)).scalars == Array(smallLetter.unicodeScalars))
        }
        for unchanged in ["ẞ", "İ", "×", "ß", "Σ", "Д", "ạ", "đảo,", "0912", "😀", "Ỻ", "ǅ", "\u{1E9E}x"] {
            #expect(small(unchanged) == nil, "\(unchanged)")
        }
        #expect(small("LỪA ĐẢO, Chuyển Khoản 500K!") == "lừa đảo, chuyển khoản 500k!")
        #expect(small("ẞỐ") == "ẞố")
    }

    /// A word met in small letters first, then with capitals, is read from the small letters'
    /// entry (and stored under its own bytes); every text gets what the full path gives.
    @Test func capitalsReuseTheSmallLettersEntry() {
        let normalizer = Normalizer()
        let words = ["lừa", "đảo,", "ông", "ăn", "đi.", "ĩ", "ũng", "ơi!", "ưng", "ạ", "ốc", "ỹ", "àý", "lỪa", "tháng10", "vnexpress.net", "www", "l.ừ.a"]
        let small = words.joined(separator: " ")
        let capitals = [words.map { $0.uppercased() }, words.map { $0.prefix(1).uppercased() + $0.dropFirst() }].map { $0.joined(separator: " ") }
        #expect(normalizer.normalize(small).tokens == normalizer.normalizeWhole(small).tokens)
        for text in capitals + capitals + [small.uppercased() + "\n" + small] {
            let chunked = normalizer.normalize(text)
            let whole = normalizer.normalizeWhole(text)
            #expect(chunked.tokens == whole.tokens, "\(text)")
            #expect(chunked.canonical == whole.canonical && chunked.bare == whole.bare)
            #expect(chunked.storage.records.map(\.syllableID) == whole.storage.records.map(\.syllableID))
        }
        for (capital, smallLetter) in Self.casePairs {
            let text = capital + "x " + smallLetter + "x " + capital + "x"
            #expect(normalizer.normalize(text).tokens == normalizer.normalizeWhole(text).tokens, "\(text)")
        }
        // `CK` is a copy of `ck`'s entry: it shares its teencode readings (a chunk normalized
        // anew would have stored readings of its own).
        _ = normalizer.normalize("ck")
        _ = normalizer.normalize("CK")
        let (smallEntry, capitalEntry) = normalizer.cache.withTable { table in
            func header(_ chunk: String) -> ChunkBlob.Header? {
                let bytes = Array(chunk.utf8)
                return table.lookup.find(bytes.span, hash: ChunkHash.of(bytes.span))?.header
            }
            return (header("ck"), header("CK"))
        }
        #expect(smallEntry != nil && capitalEntry != nil)
        #expect(smallEntry?.readingsStart ?? -1 >= 0)
        #expect(capitalEntry?.readingsStart == smallEntry?.readingsStart)
    }

    /// A word followed by punctuation is joined from the table's word and punctuation exactly
    /// as `normalizeChunk` reads the whole chunk: records, layers, readings, facts, sentence
    /// end. Chunks whose parts the tokenizer reads across are not joined.
    @Test func wordAndPunctuationJoinAsTheyNormalize() {
        let normalizer = Normalizer()
        let joined = [
            "đảo,", "nhé.", "Vậy?", "ĐẢO?!", "ck,", "hahaha.", "a.", "ừ...", "tô\u{301}t;", "Lừa:", "lừa!!!", "giờ.!", "quả,.,",
            "cóa.", "ko?", "online.", "Ạ!",
        ]
        let notJoined = ["thôi…", "www.", "3,5", "l.ừ.a.", "500k.", "c@t.", "x2.", ".", "đảo", "ﬁ,", "сао.", "a-b.", "#tag.", "\u{301}a."]
        for chunk in joined + notJoined {
            // The word alone first, so that the table holds it (the capitals' small letters too).
            let word = String(chunk.unicodeScalars.reversed().drop { ",.!?;:".unicodeScalars.contains($0) }.reversed().map(Character.init))
            _ = normalizer.normalize(word + " " + word.lowercased())
            let bytes = Array(chunk.utf8)
            var scratch: ChunkScratch?
            let fromTable = normalizer.cache.withTable { table in normalizer.joinedFromTable(bytes.span, table: table, scratch: &scratch) }
            var fresh = ChunkScratch()
            let written = normalizer.normalizeChunk(bytes.span, scratch: &fresh)
            let normalized = ChunkLayers(layers: written.layers, endsSentence: written.endsSentence, facts: written.facts)
            if notJoined.contains(chunk) {
                #expect(fromTable == nil, "\(chunk)")
                continue
            }
            guard let fromTable else {
                Issue.record("\(chunk) was not joined")
                continue
            }
            #expect(fromTable.layers.records == normalized.layers.records, "\(chunk)")
            #expect(fromTable.layers.canonical == normalized.layers.canonical && fromTable.layers.bare == normalized.layers.bare, "\(chunk)")
            #expect(fromTable.layers.alternatives == normalized.layers.alternatives, "\(chunk)")
            #expect(fromTable.endsSentence == normalized.endsSentence && fromTable.facts == normalized.facts, "\(chunk)")
            // And in texts, through the cache, as the full path reads them.
            let text = "Hôm nay " + chunk + " rồi " + chunk + "\n" + chunk
            #expect(normalizer.normalize(text).tokens == normalizer.normalizeWhole(text).tokens, "\(text)")
        }
    }

    /// Words in random capitals with random punctuation after them, met again and again (so
    /// that most chunks are joined or copied from entries of other chunks): every text is
    /// what the full path gives.
    @Test func capitalsAndPunctuationOnRandomTexts() {
        var generator = NormalizerPropertyTests.Generator(state: 2024)
        let normalizer = Normalizer()
        let words = [
            "lừa", "đảo", "ck", "ko", "ông", "ạ", "hahaha", "www", "vl", "a", "l", "ừ", "tô\u{301}t", "quá", "ĐƯỢC", "online", "ngƯời",
            "ăn", "ĩ", "ữ", "x", "Þorn", "façade", "giờ", "stk", "k", "đc", "ko", "ngân", "hàng", "cóa", "t.h.ẻ", "3", "500k", "vn",
        ]
        let punctuation = ["", "", "", ",", ".", "!", "?", ";", ":", "...", "!!!", "?!", ".,", "…", "-", ")"]
        func cased(_ word: String) -> String {
            switch generator.next() % 4 {
            case 0: word.uppercased()
            case 1: word.prefix(1).uppercased() + word.dropFirst()
            default: word
            }
        }
        for _ in 0..<3000 {
            let text = (0..<Int(generator.next() % 8 + 1)).map { _ in cased(generator.pick(words)) + generator.pick(punctuation) }
                .joined(separator: generator.pick([" ", " ", "\n"]))
            let chunked = normalizer.normalize(text)
            let whole = normalizer.normalizeWhole(text)
            #expect(chunked.tokens == whole.tokens, "\(text.debugDescription)")
            #expect(chunked.canonical == whole.canonical && chunked.bare == whole.bare, "\(text.debugDescription)")
        }
    }

    @Test func repeatedTextsComeFromTheCache() {
        let normalizer = Normalizer()
        let first = normalizer.normalize("Lừa đảo chuyển khoản 500k nhé.")
        let second = normalizer.normalize("Lừa đảo chuyển khoản 500k nhé.")
        #expect(first.tokens == second.tokens)
        #expect(normalizer.normalizeByChunks("Lừa đảo") != nil)
        #expect(normalizer.normalizeByChunks("l\u{E1}\u{BB}\u{AB}a") == nil)  // mojibake: whole text
        #expect(normalizer.normalizeByChunks("lừа") == nil)  // Cyrillic: whole text
        #expect(normalizer.normalizeByChunks("gọi 0912 345 678 nhé")?.tokens.map(\.kind) == [.word, .phone, .word])
        #expect(normalizer.normalizeByChunks("0912 345 678 999 111 222") == nil)  // more groups: the full path
    }

    /// More distinct chunks than a cache table holds: a new table replaces it before the next
    /// text, and every text still gets what the full path gives (the texts that fill it included).
    @Test func aFullTableIsReplacedBetweenTexts() {
        let normalizer = Normalizer()
        let wordsPerText = 200
        let texts = (0..<(ChunkTable.maximumEntries / wordsPerText + 40)).map { t in
            (0..<wordsPerText).map { w in "t" + String(t * wordsPerText + w, radix: 36) + "ừ" }.joined(separator: " ")
        }
        for (index, text) in texts.enumerated() {
            let chunked = normalizer.normalize(text)
            if index % 50 == 0 || index >= texts.count - 45 {
                #expect(chunked.tokens == normalizer.normalizeWhole(text).tokens, "text \(index)")
            }
        }
    }

    /// Tasks share one table: they read it while others extend it, and a table that fills up
    /// is replaced while texts still use it. Every text gets what the full path gives.
    @Test func tasksShareTheTableWhileItGrowsAndIsReplaced() async {
        let normalizer = Normalizer()
        let wordsPerText = 150
        let textCount = ChunkTable.maximumEntries / (wordsPerText / 2) + 200  // more new words than a table holds
        // Each text shares half its words with the text before it, so tasks insert words that
        // other tasks are looking up.
        func text(_ t: Int) -> String {
            (0..<wordsPerText).map { w in
                let word = w % 2 == 0 ? t * wordsPerText + w : (t - 1) * wordsPerText + w
                return "v" + String(word, radix: 36) + (w % 7 == 0 ? "ừ," : "ả")
            }.joined(separator: w(t))
        }
        func w(_ t: Int) -> String { t % 5 == 0 ? "\n" : " " }
        let tasks = 4
        let mismatches = await withTaskGroup(of: [Int].self) { group in
            for task in 0..<tasks {
                group.addTask {
                    var wrong: [Int] = []
                    for t in stride(from: task, to: textCount, by: tasks) {
                        let chunked = normalizer.normalize(text(t))
                        if t % 37 == 0, chunked.tokens != normalizer.normalizeWhole(text(t)).tokens { wrong.append(t) }
                    }
                    return wrong
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(mismatches.isEmpty)
    }

    /// A task's `NormalizationScratch` gives every text what `normalize(_:)` gives, including
    /// the texts that fill the table and those after it was replaced under the scratch.
    @Test func aScratchGivesTheSameTextsAndFollowsAReplacedTable() {
        let normalizer = Normalizer()
        let scratch = NormalizationScratch()
        let wordsPerText = 200
        let texts = (0..<(ChunkTable.maximumEntries / wordsPerText + 40)).map { t in
            (0..<wordsPerText).map { w in "s" + String(t * wordsPerText + w, radix: 36) + (w % 9 == 0 ? "ừ," : "ả") }.joined(separator: " ")
        }
        for (index, text) in texts.enumerated() {
            let chunked = normalizer.normalize(text, scratch: scratch)
            if index % 50 == 0 || index >= texts.count - 45 {
                #expect(Self.same(chunked, normalizer.normalize(text)), "text \(index)")
                #expect(chunked.tokens == normalizer.normalizeWhole(text).tokens, "text \(index)")
            }
        }
        // Random texts (new chunks, capitals, punctuation, the full path) through the same scratch.
        var generator = NormalizerPropertyTests.Generator(state: 7)
        for _ in 0..<1000 {
            let text = (0..<Int(generator.next() % 10 + 1)).map { _ in generator.pick(Self.pieces) }
                .joined(separator: generator.pick([" ", "  ", "\n", ""]))
            #expect(Self.same(normalizer.normalize(text, scratch: scratch), normalizer.normalize(text)), "\(text.debugDescription)")
        }
    }

    /// One scratch used with two normalizers in turn reads each one's own table: the tokens
    /// of one carry its index's syllable ids, never the other's.
    @Test func aScratchFollowsTheNormalizerItIsUsedWith() {
        final class ConstantIndex: SyllableIndex {
            let value: Int32
            init(_ value: Int32) { self.value = value }
            func id(ofSyllable utf8: Span<UInt8>, hash: UInt64) -> Int32 { value }
            func prefetch(hash: UInt64) {}
        }
        let first = Normalizer(configuration: .init(), syllableIndex: ConstantIndex(1))
        let second = Normalizer(configuration: .init(), syllableIndex: ConstantIndex(2))
        let scratch = NormalizationScratch()
        let text = "hôm nay trời đẹp quá"  // no post-processing, which would look ids up again
        for round in 0..<3 {
            let a = first.normalize(text, scratch: scratch)
            let b = second.normalize(text, scratch: scratch)
            #expect(a.storage.records.allSatisfy { $0.syllableID == 1 } && Self.same(a, first.normalize(text)), "round \(round)")
            #expect(b.storage.records.allSatisfy { $0.syllableID == 2 } && Self.same(b, second.normalize(text)), "round \(round)")
        }
    }

    /// The same text, layers and repairs.
    static func same(_ a: NormalizedText, _ b: NormalizedText) -> Bool {
        a.original == b.original && a.storage == b.storage && a.flags == b.flags
    }

    /// Tasks with a scratch each share one table as tasks without do: every text gets what the
    /// full path gives while the table grows and is replaced.
    @Test func tasksWithTheirOwnScratchShareTheTable() async {
        let normalizer = Normalizer()
        let wordsPerText = 150
        let textCount = ChunkTable.maximumEntries / (wordsPerText / 2) + 200
        func text(_ t: Int) -> String {
            (0..<wordsPerText).map { w in
                let word = w % 2 == 0 ? t * wordsPerText + w : (t - 1) * wordsPerText + w
                return "q" + String(word, radix: 36) + (w % 7 == 0 ? "ừ," : "ả")
            }.joined(separator: t % 5 == 0 ? "\n" : " ")
        }
        let tasks = 4
        let mismatches = await withTaskGroup(of: [Int].self) { group in
            for task in 0..<tasks {
                group.addTask {
                    let scratch = NormalizationScratch()
                    var wrong: [Int] = []
                    for t in stride(from: task, to: textCount, by: tasks) {
                        let chunked = normalizer.normalize(text(t), scratch: scratch)
                        if t % 37 == 0, chunked.tokens != normalizer.normalizeWhole(text(t)).tokens { wrong.append(t) }
                    }
                    return wrong
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(mismatches.isEmpty)
    }

    /// The byte-level VIQR check agrees with the decoder on texts without Vietnamese letters.
    @Test func viqrEvidenceOnBytesAgreesWithTheDecoder() {
        var generator = NormalizerPropertyTests.Generator(state: 5)
        let pieces = ["a", "e", "o", "u", "y", "d", "n", "h", "t", "^", "(", "+", "'", "`", "?", "~", ".", " ", "dd", "…", "“", "1", "\n"]
        for _ in 0..<5000 {
            let text = (0..<Int(generator.next() % 12 + 1)).map { _ in generator.pick(pieces) }.joined()
            let decoded = VIQRDecoder.decode(Array(text.unicodeScalars)) != nil
            let evidence = VIQRDecoder.hasEvidence(text.utf8.span)
            #expect(evidence == decoded, "\(text.debugDescription)")
        }
    }
}
