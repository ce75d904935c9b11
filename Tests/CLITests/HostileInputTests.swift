import Foundation
import Testing

/// `sangloc screen` on malformed JSON Lines: every record comes out as a post or an error
/// record (one per non-blank line, in order), with a message a user can act on, and no crash.
@Suite("sangloc screen on hostile JSON Lines")
struct HostileInputTests {
    /// Peak resident memory these small inputs may take above the baseline run (one short
    /// post), in MB: the hostile bytes must not cost more than a line's worth of buffers.
    static let smallInputAllowance = 64

    /// What one output record must be.
    enum Expected: CustomStringConvertible {
        /// A screened post with this id, flagged as repaired from invalid UTF-8 or not.
        case post(id: String, repairedUTF8: Bool = false)
        /// A post with this id whose text (with `--include-text`) is exactly this.
        case text(id: String, String)
        /// An error record whose message contains this.
        case error(String)

        var description: String {
            switch self {
            case .post(let id, let repaired): "post \(id)\(repaired ? " (repaired)" : "")"
            case .text(let id, let text): "post \(id) with text \(text.debugDescription)"
            case .error(let message): "error containing \(message.debugDescription)"
            }
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var expected: [Expected]
        var testDescription: String { name }
    }

    static func line(_ text: String) -> [UInt8] { Array(text.utf8) + [0x0A] }
    static func post(_ id: String, rawText: [UInt8]) -> [UInt8] {
        Array("{\"id\":\"\(id)\",\"text\":\"".utf8) + rawText + Array("\"}\n".utf8)
    }

    static let cases: [Case] = [
        Case(name: "lead byte at the end of the text", bytes: post("a", rawText: [0x6F, 0x6B, 0x20, 0xC3]),
             expected: [.post(id: "a", repairedUTF8: true)]),
        Case(name: "lead byte at the end of the line, after the object",
             bytes: Array("{\"id\":\"a\",\"text\":\"x\"}".utf8) + [0xE1, 0x0A] + line(#"{"id":"b","text":"y"}"#),
             expected: [.error("line 1: invalid JSON at column 22: unexpected"), .post(id: "b")]),
        Case(name: "truncated sequence at the end of the file, no newline",
             bytes: line(#"{"id":"a","text":"x"}"#) + [0x7B, 0xE1, 0xBA],
             expected: [.post(id: "a"), .error("line 2: invalid JSON at column 2")]),
        Case(name: "overlong forms", bytes: post("a", rawText: [0xC0, 0xAF, 0xE0, 0x80, 0xAF, 0xF0, 0x80, 0x80, 0xAF]),
             expected: [.post(id: "a", repairedUTF8: true)]),
        Case(name: "UTF-8-encoded surrogates", bytes: post("a", rawText: [0xED, 0xA0, 0x80, 0xED, 0xBF, 0xBF]),
             expected: [.post(id: "a", repairedUTF8: true)]),
        Case(name: "runs of 0xFF", bytes: post("a", rawText: Array(repeating: 0xFF, count: 4_096)),
             expected: [.post(id: "a", repairedUTF8: true)]),
        Case(name: "invalid UTF-8 in a key",
             bytes: line("{\"id\":\"a\",\"te\u{FFFD}xt\":\"x\"}").map { $0 == 0xEF ? 0xFF : $0 },
             expected: [.error("line 1 has no string field 'text'")]),
        Case(name: "a raw NUL byte in a string",
             bytes: Array("{\"id\":\"a\",\"text\":\"a".utf8) + [0x00] + Array("b\"}\n".utf8),
             expected: [.error("control character U+0000 in a string must be escaped")]),
        Case(name: "an escaped NUL", bytes: line(#"{"id":"a","text":"a\u0000b"}"#), expected: [.text(id: "a", "a\u{0}b")]),
        Case(name: "a line of NUL bytes", bytes: [0x00, 0x00, 0x00, 0x0A] + line(#"{"id":"b","text":"y"}"#),
             expected: [.error("line 1: invalid JSON at column 1: expected a value"), .post(id: "b")]),
        Case(name: "no trailing newline", bytes: Array(#"{"id":"a","text":"x"}"#.utf8), expected: [.post(id: "a")]),
        Case(name: "CRLF line ends", bytes: Array("{\"id\":\"a\",\"text\":\"x\"}\r\n{\"id\":\"b\",\"text\":\"y\"}\r\n".utf8),
             expected: [.text(id: "a", "x"), .text(id: "b", "y")]),
        Case(name: "a UTF-8 byte order mark", bytes: [0xEF, 0xBB, 0xBF] + line(#"{"id":"a","text":"x"}"#),
             expected: [.text(id: "a", "x")]),
        Case(name: "numbers and null where strings are expected",
             bytes: line(#"{"id":17,"text":5}"#) + line(#"{"id":18,"text":null}"#) + line(#"{"id":19,"text":["x"]}"#)
                + line(#"{"id":20,"text":"ok"}"#),
             expected: [.error("line 1: field 'text' is a number, not a string"), .error("line 2: field 'text' is null, not a string"),
                        .error("line 3: field 'text' is an array, not a string"), .text(id: "20", "ok")]),
        Case(name: "a duplicate key: the last one counts, as JavaScript reads it",
             bytes: line(#"{"id":"a","text":"harmless","text":"the text a browser shows"}"#),
             expected: [.text(id: "a", "the text a browser shows")]),
        Case(name: "10,000 levels of nesting",
             bytes: line("{\"id\":\"a\",\"text\":" + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}")
                + line(#"{"id":"b","text":"y"}"#),
             expected: [.error("line 1: invalid JSON at column 529: nesting deeper than 512 levels"), .post(id: "b")]),
        Case(name: "a broken first line does not turn the file into one JSON document",
             bytes: line(#"{"id":"a","text":"cut short"#) + line(#"{"id":"b","text":"y"}"#),
             expected: [.error("line 1: invalid JSON"), .post(id: "b")]),
    ]

    @Test("each line gives one record with the expected outcome", arguments: cases)
    func hostileLines(_ testCase: Case) throws {
        let folder = try SanglocProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("input.jsonl")
        try Data(testCase.bytes).write(to: file)
        let run = try MeasuredRun.sangloc(["screen", file.path, "--include-text"], timeout: 60)
        // A run in which no record could be screened fails (exit 3), whatever else it did.
        let nothingScreened = testCase.expected.allSatisfy { if case .error = $0 { true } else { false } }
        #expect(run.status == (nothingScreened ? 3 : 0), "\(run.stderr)")
        #expect(run.peakKilobytes < MeasuredRun.peakLimitKilobytes(allowanceMegabytes: Self.smallInputAllowance),
                "\(run.memoryReport)")
        let records = run.records
        #expect(records.count == run.lines.count, "every output line is a JSON object")
        try #require(records.count == testCase.expected.count, "\(run.lines)")
        for (record, expected) in zip(records, testCase.expected) {
            switch expected {
            case .post(let id, let repaired):
                #expect(record["id"] as? String == id)
                #expect(record["verdict"] != nil, "\(record)")
                #expect(((record["repairs"] as? [String]) ?? []).contains("invalid-utf8") == repaired, "\(record)")
            case .text(let id, let text):
                #expect(record["id"] as? String == id)
                #expect(record["text"] as? String == text)
            case .error(let message):
                let error = try #require(record["error"] as? String, "\(record)")
                #expect(error.contains(message), "\(error)")
                #expect(record["source"] != nil)
            }
        }
    }

    @Test("an empty file is zero records, not an error")
    func emptyFile() throws {
        let folder = try SanglocProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("empty.jsonl")
        try Data().write(to: file)
        let run = try MeasuredRun.sangloc(["screen", file.path], timeout: 60)
        #expect(run.status == 0)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("0 records"), "\(run.stderr)")
    }

    @Test("a binary file given as JSON Lines: one error record per line")
    func binaryFile() throws {
        // 64 lines of 200 pseudo-random bytes (no newline among them), starting like an ELF file.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var bytes: [UInt8] = []
        for lineIndex in 0..<64 {
            var line: [UInt8] = lineIndex == 0 ? [0x7F, 0x45, 0x4C, 0x46] : []
            while line.count < 200 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let byte = UInt8(truncatingIfNeeded: state >> 56)
                // Keep lines non-blank and whole: no newline, and a first byte that is not white space.
                if byte == 0x0A || (line.isEmpty && (byte == 0x20 || byte == 0x09 || byte == 0x0D)) { continue }
                line.append(byte)
            }
            bytes += line + [0x0A]
        }
        let folder = try SanglocProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("program.jsonl")
        try Data(bytes).write(to: file)
        let run = try MeasuredRun.sangloc(["screen", file.path], timeout: 60)
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stderr.contains("error: none of the 64 records could be screened"), "\(run.stderr)")
        let records = run.records
        #expect(records.count == 64)
        #expect(records.allSatisfy { ($0["error"] as? String)?.hasPrefix("line ") == true })
        #expect(run.stderr.contains("64 records: 0 posts screened, 64 errors"), "\(run.stderr)")

        let strict = try MeasuredRun.sangloc(["screen", file.path, "--strict"], timeout: 60)
        #expect(strict.status == 3, "--strict turns unreadable records into exit 3")
    }
}
