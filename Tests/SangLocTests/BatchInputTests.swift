import Testing

@testable import SangLoc

/// `BatchInput` reads its inputs one after the other in chunks; reading some chunks ahead
/// (as `sangloc screen` does while the pack compiles) changes nothing in what is read.
@Suite("Batch input and reading ahead")
struct BatchInputTests {
    /// Posts `prefix0`, `prefix1`... of `textLength` letters; fails with `failure` after
    /// `failAfter` records; when `textless`, records without the text field (error records).
    struct Source: RecordSource {
        var prefix: String
        var count: Int
        var textLength = 10
        var failAfter: Int?
        var textless = false
        var position = 0
        var fieldStatistics = InputFieldStatistics(textField: "text", idField: "id")

        static let failure = InputOpenError.readFailed(file: "in.jsonl.gz", reason: "corrupt gzip data")

        mutating func next() throws(InputOpenError) -> InputRecord? {
            if let failAfter, position == failAfter { throw Self.failure }
            guard position < count else { return nil }
            defer { position += 1 }
            fieldStatistics.recordsRead += 1
            let source = SourcePosition(file: prefix, line: position + 1)
            if textless { return .failure(InputError("line \(position + 1): no field 'text'", id: nil), source) }
            fieldStatistics.recordsWithText += 1
            let post = Post(id: "\(prefix)\(position)", text: String(repeating: "a", count: textLength))
            return .post(post, source, flags: [])
        }
    }

    /// Every chunk `input` hands out, as ids, up to the end or the first error.
    static func drain(_ input: BatchInput) -> (chunks: [[String]], error: InputOpenError?) {
        var chunks: [[String]] = []
        while true {
            do {
                let chunk = try input.readChunk()
                if chunk.isEmpty { return (chunks, nil) }
                chunks.append(chunk.map { record in
                    if case .post(let post, _, _) = record { return post.id }
                    return "error"
                })
            } catch {
                return (chunks, error)
            }
        }
    }

    static func sources() -> [any RecordSource] {
        [Source(prefix: "a", count: 10), Source(prefix: "b", count: 2, textless: true), Source(prefix: "c", count: 7)]
    }

    @Test("chunks run across inputs, each input read to its end first, and warn of a missing text field")
    func chunksAcrossInputs() {
        let input = BatchInput(Self.sources(), chunkSize: 4)
        let (chunks, error) = Self.drain(input)
        #expect(error == nil)
        #expect(chunks == [
            ["a0", "a1", "a2", "a3"], ["a4", "a5", "a6", "a7"], ["a8", "a9", "error", "error"], ["c0", "c1", "c2", "c3"],
            ["c4", "c5", "c6"],
        ])
        #expect(input.warnings.count == 1)
        #expect(input.warnings.first?.contains("text") == true)
    }

    @Test("reading ahead hands out the same chunks and warnings, whenever it stops", arguments: [0, 1, 2, 5, 100])
    func readingAheadChangesNothing(stopAfter: Int) {
        let plain = BatchInput(Self.sources(), chunkSize: 4)
        let expected = Self.drain(plain)
        let ahead = BatchInput(Self.sources(), chunkSize: 4)
        var asked = 0
        ahead.readAhead(budget: BatchInput.Budget(records: 1_000, textBytes: 1 << 20)) {
            asked += 1
            return asked > stopAfter
        }
        #expect(asked == min(stopAfter + 1, 6))  // 5 chunks, then the end is met without asking
        let got = Self.drain(ahead)
        #expect(got.chunks == expected.chunks)
        #expect(got.error == nil)
        #expect(ahead.warnings == plain.warnings)
    }

    @Test("reading ahead stops at the first chunk that reaches its budget of records or of text")
    func budget() {
        let byRecords = BatchInput([Source(prefix: "a", count: 100)], chunkSize: 4)
        var asked = 0
        byRecords.readAhead(budget: BatchInput.Budget(records: 10, textBytes: 1 << 20)) { asked += 1; return false }
        #expect(asked == 3)  // 4 + 4 + 4 records read: the third chunk passes 10
        let byText = BatchInput([Source(prefix: "a", count: 100, textLength: 100)], chunkSize: 4)
        asked = 0
        byText.readAhead(budget: BatchInput.Budget(records: 1_000, textBytes: 1_000)) { asked += 1; return false }
        #expect(asked == 3)  // 400 + 400 + 400 bytes of text
        #expect(Self.drain(byText).chunks.flatMap { $0 }.count == 100)
    }

    @Test("an input failing while read ahead fails where the records stop, after the chunks before it")
    func failureWhileReadingAhead() {
        func sources() -> [any RecordSource] { [Source(prefix: "a", count: 6), Source(prefix: "b", count: 20, failAfter: 9)] }
        let expected = Self.drain(BatchInput(sources(), chunkSize: 4))
        #expect(expected.chunks == [["a0", "a1", "a2", "a3"], ["a4", "a5", "b0", "b1"], ["b2", "b3", "b4", "b5"]])
        #expect(expected.error == Source.failure)

        let ahead = BatchInput(sources(), chunkSize: 4)
        ahead.readAhead(budget: BatchInput.Budget(records: 1_000, textBytes: 1 << 20)) { false }
        let got = Self.drain(ahead)
        #expect(got.chunks == expected.chunks)
        #expect(got.error == Source.failure)
    }
}
