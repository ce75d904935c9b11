import Foundation
import Testing

/// `sangloc screen` on single huge posts: one record out, time and memory roughly linear in
/// the input size (a quadratic step would blow the time limit by orders of magnitude).
///
/// Debug-build sizes are a fraction of the issue's; `SANGLOC_HOSTILE_FULL=1` runs the full
/// sizes (a 50 MB post, 1,000,000 combining marks, 100,000 ZWJ sequences, 10,000,000 dots),
/// meant for a release binary: `SANGLOC_BINARY=.build/release/sangloc`.
@Suite("sangloc screen on huge posts")
struct HostileSizeTests {
    static let full = ProcessInfo.processInfo.environment["SANGLOC_HOSTILE_FULL"] == "1"

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// The post's text for `count` units.
        var text: @Sendable (Int) -> String
        var debugCount: Int
        var fullCount: Int
        var testDescription: String { name }
        var count: Int { HostileSizeTests.full ? fullCount : debugCount }
    }

    static let cases: [Case] = [
        Case(name: "one long post of ordinary words", text: { bytes in
            let sentence = "Lừa đảo chuyển khoản: anh ơi nạp 500k vào tài khoản này nhé, hoàn tiền sau 24h. "
            let copies = bytes / sentence.utf8.count + 1
            return String(repeating: sentence, count: copies)
        }, debugCount: 2_000_000, fullCount: 50_000_000),
        Case(name: "combining marks on one letter", text: { count in
            "a" + String(repeating: "\u{0301}", count: count)
        }, debugCount: 200_000, fullCount: 1_000_000),
        Case(name: "emoji ZWJ sequences separated by spaces", text: { count in
            String(repeating: "👨‍👩‍👧‍👦 ", count: count)
        }, debugCount: 20_000, fullCount: 100_000),
        Case(name: "emoji ZWJ sequences in one chunk", text: { count in
            String(repeating: "👨‍👩‍👧‍👦", count: count)
        }, debugCount: 20_000, fullCount: 100_000),
        // Issue 20: both were quadratic (32 KB of spaced letters took 60 s in release).
        Case(name: "spaced single letters", text: { count in
            String(repeating: "a ", count: count)
        }, debugCount: 3_000, fullCount: 16_000),
        Case(name: "mixed combining marks on one letter", text: { count in
            "a" + String(repeating: "\u{0300}\u{0301}\u{0303}\u{0309}\u{0323}", count: count / 5)
        }, debugCount: 400_000, fullCount: 1_000_000),
        Case(name: "a line of dots", text: { count in
            String(repeating: ".", count: count)
        }, debugCount: 1_000_000, fullCount: 10_000_000),
        Case(name: "one word with no break", text: { count in
            String(repeating: "a", count: count)
        }, debugCount: 1_000_000, fullCount: 10_000_000),
    ]

    /// Peak memory allowed: the baseline run's (the process and the compiled default pack),
    /// plus 40 MB, plus 60 bytes per input byte (the post as read, its scalars, its folded copy
    /// and its tokens).
    static func memoryLimitKilobytes(inputBytes: Int) -> Int {
        MeasuredRun.peakLimitKilobytes(allowanceMegabytes: 40) + inputBytes * 60 / 1024 * MeasuredRun.memoryFactor
    }
    /// Wall time allowed: 10 s, plus 6 s per input MB (a debug build runs about 1 MB/s on a
    /// loaded machine; a release build about 10 times faster).
    static func timeLimitSeconds(inputBytes: Int) -> Double { 10 + 6 * Double(inputBytes) / 1_000_000 }

    /// Memory one post may take over the baseline run, per byte of the post, for posts under
    /// the record limit. Measured 18 (release and debug, 1 MB of words, issue 20; 20 to 23
    /// before narrower walk arrays and chunk list, 39 before that): the token records alone take
    /// about 10 per byte of Vietnamese text (52 bytes a token, a token every 5 bytes), so the
    /// issue's 10 is not reachable without smaller ones.
    static let bytesPerPostByte = 24

    @Test("a post of 1 MB of words, under the record limit, takes at most 24 times its size in memory")
    func memoryPerPost() throws {
        try Self.expectMemoryPerPost(Self.cases[0].text(1_000_000), bytes: 1_000_000, atMost: Self.bytesPerPostByte, name: "1 MB post")
    }

    /// The same for a post of spaced single letters (`a a a …`: a token every 2 bytes, each
    /// read by the pass that rejoins split letters). Measured 37 to 48 in release and 64 to 66
    /// in debug (issue 20; 100 kB to 1 MB); 80 to 89 in release before that pass worked on the
    /// records rather than on `Token`s, 115 before it joined in place. 100 kB rather than 1 MB:
    /// a debug build takes about 12 s on it alone, minutes beside the rest of the suite.
    static let spacedLettersBytesPerPostByte = 90

    @Test("a post of 100 kB of spaced single letters takes at most 90 times its size in memory")
    func memoryPerPostOfSpacedLetters() throws {
        try Self.expectMemoryPerPost(
            Self.cases[4].text(50_000), bytes: 100_000, atMost: Self.spacedLettersBytesPerPostByte, name: "100 kB of spaced letters")
    }

    /// The hostile shapes that take under 10 bytes a byte, as issue 20 asks of every post under
    /// the record limit (1 MB each, over the baseline run, issue 20, release and debug): combining
    /// marks on one letter 1.6-1.7, mixed marks 1.7-1.9, spaced emoji ZWJ sequences 3.9-4.3, a
    /// line of dots 1.9-2.3 (10.8 before its folded scalars kept no origins and were let go of
    /// before assembling), one word with no break 1.9 (14.8 before, 18 at times). Not here:
    /// ordinary words (18, `memoryPerPost`), spaced letters (`memoryPerPostOfSpacedLetters`)
    /// and glued emoji ZWJ sequences (7.9-9.3, too close to 10 to hold on a busy machine).
    static let shapesUnderTenBytesPerByte: [Case] = cases.filter {
        ["combining marks on one letter", "mixed combining marks on one letter", "emoji ZWJ sequences separated by spaces",
         "a line of dots", "one word with no break"].contains($0.name)
    }

    @Test("a post of 1 MB of one hostile shape takes at most 10 times its size in memory", arguments: shapesUnderTenBytesPerByte)
    func memoryPerPostOfShape(_ shape: Case) throws {
        // Enough units for 1 MB whatever their size (cut to 1 MB by scalars).
        try Self.expectMemoryPerPost(shape.text(1_000_000), bytes: 1_000_000, atMost: 10, name: shape.name)
    }

    /// Screens one post of `text` cut to `bytes` and expects its peak memory over the baseline
    /// run under `atMost` bytes a byte of the input line.
    static func expectMemoryPerPost(_ text: String, bytes: Int, atMost bytesPerByte: Int, name: String) throws {
        let folder = try SanglocProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("post.jsonl")
        var text = text
        // By scalars: a letter under a million combining marks is one `Character`.
        var kept = 0
        var end = text.unicodeScalars.startIndex
        for scalar in text.unicodeScalars {
            guard kept + UTF8.width(scalar) <= bytes else { break }
            kept += UTF8.width(scalar)
            end = text.unicodeScalars.index(after: end)
        }
        text = String(text.unicodeScalars[..<end])
        var data = try JSONSerialization.data(withJSONObject: ["id": "post", "text": text])
        data.append(0x0A)
        try data.write(to: file)
        // A generous timeout: on a loaded machine a debug build is several times slower.
        let run = try MeasuredRun.sangloc(["screen", file.path], timeout: 600)
        #expect(run.status == 0, "\(run.stderr)")
        try #require(run.records.count == 1)
        #expect(run.records[0]["error"] == nil, "\(run.records[0])")
        let overKilobytes = run.peakKilobytes - MeasuredRun.baselineKilobytes
        print("\(name): \(overKilobytes / 1024) MB over the baseline run (\(overKilobytes * 1024 / data.count) bytes a byte)")
        #expect(overKilobytes * 1024 < bytesPerByte * data.count * MeasuredRun.memoryFactor,
                "\(run.memoryReport), for a post of \(data.count) bytes")
    }

    @Test("one huge post: one record, bounded time and memory", arguments: cases)
    func hugePost(_ testCase: Case) throws {
        let folder = try SanglocProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("huge.jsonl")
        var data = try JSONSerialization.data(withJSONObject: ["id": "huge", "text": testCase.text(testCase.count)])
        data.append(0x0A)
        try data.write(to: file)
        let inputBytes = data.count
        let timeLimit = Self.timeLimitSeconds(inputBytes: inputBytes)
        // Above the default record limit (1 MiB) on purpose.
        let run = try MeasuredRun.sangloc(["screen", file.path, "--max-record-bytes", "100000000"], timeout: timeLimit + 5)
        print("\(testCase.name): \(inputBytes) bytes in \(String(format: "%.2f", run.seconds)) s, peak RSS \(run.peakMegabytes) MB")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.seconds < timeLimit, "took \(run.seconds) s for \(inputBytes) bytes")
        #expect(run.peakKilobytes < Self.memoryLimitKilobytes(inputBytes: inputBytes),
                "\(run.memoryReport), for \(inputBytes) bytes")
        let records = run.records
        try #require(records.count == 1 && run.lines.count == 1)
        #expect(records[0]["id"] as? String == "huge")
        #expect(records[0]["verdict"] != nil, "\(records[0])")
    }
}
