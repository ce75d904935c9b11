import Foundation
import Testing

@testable import SangLoc

/// `BatchScreener` writes the records of a batch in input order, byte for byte the records one
/// post at a time would give, whatever the number of workers and the chunk size.
@Suite("Batch screener order")
struct BatchScreenerOrderTests {
    /// Records given in order, as a reader yields them.
    struct ListedRecords: RecordSource {
        var records: [InputRecord]
        var position = 0
        var fieldStatistics = InputFieldStatistics(textField: "text", idField: "id")

        mutating func next() throws(InputOpenError) -> InputRecord? {
            guard position < records.count else { return nil }
            defer { position += 1 }
            fieldStatistics.recordsRead += 1
            fieldStatistics.recordsWithText += 1
            return records[position]
        }
    }

    static let pack = """
        pack: order
        categories: { scam: Scams, profanity: Profanity }
        rules:
          - id: scam.job-fee
            category: scam
            verdict: harmful
            weight: 0.6
            match: { terms: [việc nhẹ lương cao, đóng phí] }
          - id: profanity.insult
            category: profanity
            verdict: harmful
            weight: 1.0
            match: { terms: [óc chó] }
        policy:
          thresholds: { harmful: 1.0, unverified: 0.5 }
          default: verified
        """

    /// 600 records: posts of a few words to a few kB (so some chunks pass 64 kB and go to the
    /// file without being buffered), with an unreadable record every 50.
    static func records() -> [InputRecord] {
        (0..<600).map { index in
            let source = SourcePosition(file: "in.jsonl", line: index + 1)
            if index % 50 == 49 { return .failure(InputError("line \(index + 1): bad \"json\"", id: "e\(index)"), source) }
            let words = ["việc nhẹ lương cao", "đóng phí", "đồ óc chó", "trời mưa\n", "\"trích\"", "🎂"]
            let text = (0...(index % 7) * (index % 3 == 0 ? 90 : 1)).map { words[($0 + index) % words.count] }.joined(separator: " ")
            return .post(Post(id: "p\(index)", text: text), source, flags: index % 11 == 0 ? .mojibakeRepaired : [])
        }
    }

    @Test("output bytes equal the one-by-one records", arguments: [
        (BatchOutputFormat.jsonl, 1, 256), (.jsonl, 2, 1), (.jsonl, 3, 7), (.jsonl, 2, 256), (.csv, 1, 256), (.csv, 3, 5),
    ])
    func sameBytes(format: BatchOutputFormat, jobs: Int, chunkSize: Int) throws {
        let screener = try Screener(pack: RulePackLoader.load(yaml: Self.pack, name: "order.yaml"))
        let records = Self.records()
        var expected = format == .csv ? CSVRecordWriter.header(includeText: true) : ""
        for record in records {
            switch (record, format) {
            case (.post(let post, let source, let flags), .jsonl):
                expected += ScreeningRecord.json(
                    id: post.id, screening: screener.screen(post), source: source, repairs: flags.repairNames,
                    text: post.text) + "\n"
            case (.post(let post, let source, _), .csv):
                expected += CSVRecordWriter.row(id: post.id, screening: screener.screen(post), source: source, text: post.text)
            case (.failure(let error, let source), .jsonl):
                expected += ScreeningRecord.errorJSON(error, source: source) + "\n"
            case (.failure(let error, let source), .csv):
                expected += CSVRecordWriter.errorRow(error, source: source, includeText: true)
            }
        }

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sangloc-order-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out").path
        let output = try BatchOutputFile.replacing(path)
        let batch = BatchScreener(
            screener: screener,
            options: BatchOptions(outputFormat: format, includeText: true, jobs: jobs, chunkSize: chunkSize))
        let summary = try batch.run([ListedRecords(records: Array(records[..<300])), ListedRecords(records: Array(records[300...]))], output: output)
        try output.commit()

        let written = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(written == Data(expected.utf8))
        #expect(written.count > 1 << 16)
        #expect(summary.records == 600)
        #expect(summary.errors == 12)
        #expect(summary.posts == 588)
    }
}
