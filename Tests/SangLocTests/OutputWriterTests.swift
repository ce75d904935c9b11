import Foundation
import Testing

@testable import SangLoc

/// The byte writers of the output records against straightforward references written on
/// `String` (the way they were written before they worked on bytes): the output must not change
/// by one byte.
@Suite("Output writers")
struct OutputWriterTests {
    static let trickyStrings: [String] = [
        "", "plain ascii", "Lừa đảo chuyển khoản", "quote \" inside", "\"", "\\", "back\\slash\\\\",
        "line\nfeed", "cr\r\nlf", "tab\there", "\u{0}nul", "\u{1}\u{7}\u{8}\u{B}\u{C}\u{E}\u{1F}", "del \u{7F} stays",
        "u2028 \u{2028} and u2029 \u{2029}", "emoji 🎂👩‍👩‍👧 flags 🇻🇳", "non-BMP 𝕏 𠀀 \u{10FFFF}",
        "combining e\u{301} and NFD Vie\u{323}\u{302}t", "BOM \u{FEFF} ZWJ \u{200D}", "U+FFFD \u{FFFD}",
        "/ slash stays", "mixed \"\\\n\t\u{2028}🎂\u{1}", String(repeating: "dài ", count: 5_000) + "\"",
    ]

    /// RFC 8259 escaping as the writer did it on `String`: `"`, `\`, `\n`, `\r`, `\t`, other
    /// controls as `\u00xx`, everything else as it is.
    static func referenceQuoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    @Test("strings are escaped as the reference escapes them, and read back unchanged", arguments: trickyStrings)
    func escaping(_ text: String) throws {
        var bytes: [UInt8] = []
        JSONWriter.appendQuoted(text, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == Self.referenceQuoted(text))
        let decoded = try JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed) as? String
        #expect(decoded == text)
    }

    @Test("numbers are written as String(Int) and String(Double) write them", arguments: [
        0, -0.0, 1, -1, 0.6, 1.5, 1.0 / 3, 2.0 / 3, 0.1 + 0.2, 1e-7, 2.5e-6, 123_456.789_012_3, 1e14, 999_999_999_999_999,
        1e15, -1e15, 1e300, .leastNonzeroMagnitude, .nan, .infinity, -.infinity,
    ])
    func numbers(_ value: Double) {
        let reference: String
        if !value.isFinite {
            reference = "null"
        } else if value == value.rounded(), abs(value) < 1e15 {
            reference = String(Int(value))
        } else {
            reference = String((value * 1_000_000).rounded() / 1_000_000)
        }
        #expect(JSONWriter.format(value) == reference)
    }

    /// A writer reuses the bytes of the last fraction it wrote (weights and scores repeat):
    /// numbers in any order, repeated or not, come out as each is formatted on its own.
    @Test("numbers in a row are written as each is on its own")
    func numbersInARow() {
        let values: [Double] = [0.5, 0.5, 1, 0.5, 0.25, 0.25, -0.5, 0.5, 1e-7, 1e-7, .nan, .nan, .infinity, 0.1 + 0.2, 0.3, -0.0, 0, 2.0 / 3, 2.0 / 3]
        var writer = JSONWriter()
        writer.beginArray()
        for value in values { writer.number(value) }
        writer.endArray()
        #expect(writer.output == "[" + values.map(JSONWriter.format).joined(separator: ",") + "]")
    }

    @Test("integers are written as String(Int) writes them", arguments: [
        0, 1, 9, 10, 99, 100, 12_345, -1, -10, -987_654_321, Int.max, Int.min, Int.max - 1, Int.min + 1,
        1_000_000_000_000_000_000, 999_999_999_999_999_999,
    ])
    func integers(_ value: Int) {
        var bytes: [UInt8] = []
        JSONWriter.appendInteger(value, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == String(value))
    }

    @Test("nesting, commas and endLine: one JSON Lines record per line")
    func structure() {
        var json = JSONWriter()
        for index in 0..<2 {
            json.beginObject()
            json.field("i", index)
            json.key("a")
            json.beginArray()
            json.beginObject()
            json.endObject()
            json.beginArray()
            json.endArray()
            json.null()
            json.bool(true)
            json.endArray()
            json.literalField("k", "v")
            json.endObject()
            json.endLine()
        }
        #expect(json.output == "{\"i\":0,\"a\":[{},[],null,true],\"k\":\"v\"}\n{\"i\":1,\"a\":[{},[],null,true],\"k\":\"v\"}\n")
        json.removeAll()
        json.string("x")
        #expect(json.output == "\"x\"")
    }

    /// The word-at-a-time check finds a byte to escape wherever it sits in an 8-byte word or
    /// in the tail after the last whole word.
    @Test("one-piece fields escape a quote, backslash or control at any position", arguments: [
        "\"", "\\", "\u{0}", "\u{1F}", "\n",
    ])
    func onePieceFieldEscapesAnywhere(_ special: String) {
        for length in 1...20 {
            for position in 0..<length {
                var characters = Array(repeating: "a", count: length)
                characters[position] = special
                for text in [characters.joined(), characters.joined().replacingOccurrences(of: "a", with: "ả")] {
                    var fast = JSONWriter()
                    fast.literalField("t", text)
                    var plain = JSONWriter()
                    plain.key("t")
                    plain.string(text)
                    #expect(fast.output == plain.output, "\(text.debugDescription)")
                }
            }
        }
    }

    /// The fields our records write in one piece are the bytes `key` + `string`/`int` write.
    @Test("one-piece fields write what key and value write", arguments: [0, 7, -1, 42, Int.max, Int.min])
    func onePieceFields(_ number: Int) {
        let long = [String(repeating: "ả", count: 40), String(repeating: "x", count: 96), String(repeating: "x", count: 97)]
        for text in Self.trickyStrings + ["", "lừa đảo"] + long {
            var fast = JSONWriter()
            fast.beginObject()
            fast.literalField("text", text)
            fast.literalField("n", number)
            fast.literalField("t", text)
            fast.endObject()
            var plain = JSONWriter()
            plain.beginObject()
            plain.key("text")
            plain.string(text)
            plain.key("n")
            plain.int(number)
            plain.key("t")
            plain.string(text)
            plain.endObject()
            #expect(fast.output == plain.output, "\(text.debugDescription), \(number)")
        }
    }

    /// A match written in one piece is the bytes of the object written field by field, for
    /// every tier, text (escaped or not, short or long) and offset; after another value, with
    /// its comma.
    @Test("a match in one piece writes what its fields write", arguments: Tier.allCases)
    func matchInOnePiece(_ tier: Tier) {
        #expect("\(tier.name)" == tier.rawValue)
        let long = [String(repeating: "ả", count: 40), String(repeating: "x", count: 96), String(repeating: "x", count: 97)]
        for text in Self.trickyStrings + ["", "lừa đảo", "pheo là"] + long {
            for (start, end) in [(0, 0), (13, 20), (Int.max - 1, Int.max), (-1, Int.min)] {
                var fast = JSONWriter()
                fast.beginArray()
                fast.int(7)
                if !fast.matchObject(start: start, end: end, text: text, tier: tier.name) {
                    fast.beginObject()
                    fast.literalField("start", start)
                    fast.literalField("end", end)
                    fast.literalField("text", text)
                    fast.literalField("tier", tier.rawValue)
                    fast.endObject()
                }
                fast.endArray()
                var plain = JSONWriter()
                plain.beginArray()
                plain.int(7)
                plain.beginObject()
                plain.key("start")
                plain.int(start)
                plain.key("end")
                plain.int(end)
                plain.key("text")
                plain.string(text)
                plain.key("tier")
                plain.string(tier.rawValue)
                plain.endObject()
                plain.endArray()
                #expect(fast.output == plain.output, "\(text.debugDescription) \(start) \(end)")
            }
        }
        var short = JSONWriter()
        let wroteShort = short.matchObject(start: 1, end: 2, text: "vay", tier: tier.name)
        #expect(wroteShort)
        var escaped = JSONWriter()
        let wroteEscaped = escaped.matchObject(start: 1, end: 2, text: "a\"b", tier: tier.name)
        #expect(!wroteEscaped)
        #expect(escaped.output.isEmpty, "nothing written when it does not fit")
    }

    @Test("CSV fields are quoted as RFC 4180 says", arguments: trickyStrings + ["a,b", "say \"hi\"", "x\ry"])
    func csvQuoting(_ field: String) {
        let needsQuotes = field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" })
        let reference = needsQuotes ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        #expect(CSVRecordWriter.quoted(field) == reference)
    }

    static let screening = Screening(
        verdict: .harmful, score: 1.6, basis: .rules,
        hits: [
            RuleHit(
                rule: "scam.fee", category: "scam", verdict: .harmful, weight: 0.6,
                matches: [
                    Match(range: 0..<8, text: "đóng phí", tier: .exact),
                    Match(range: 0..<0, text: "https://x.vn/a,b", tier: .exact, field: "links"),
                ]),
            RuleHit(rule: "time.night", category: "odd,hours", verdict: .harmful, weight: 1, matches: []),
        ],
        failures: [RuleFailure(rule: "r\"x", message: "regex stopped\n")])

    @Test("a CSV row has the columns of the reference, quoted where needed")
    func csvRow() {
        let row = CSVRecordWriter.row(
            id: "id,1", screening: Self.screening, source: SourcePosition(file: "in \"a\".jsonl", line: 7), text: "x\ny")
        #expect(row == "\"id,1\",harmful,1.6,rules,\"scam;odd,hours\",scam.fee:exact:0-8;scam.fee:exact:links;time.night,\"in \"\"a\"\".jsonl:7\",,\"x\ny\"\r\n")
        let error = CSVRecordWriter.errorRow(
            InputError("line 3: bad, very", id: "p3"), source: SourcePosition(file: "f.json", index: 2), includeText: true)
        #expect(error == "p3,,,,,,f.json#2,\"line 3: bad, very\",\r\n")
    }

    /// JSON Lines, CSV and the report take the same calls (`RecordWriter`): each writes what its
    /// own rendering of the record gives, errors included, and the report lists the post.
    @Test("every record writer takes the same records")
    func recordWriters() {
        let post = Post(id: "id,1", text: "x\ny")
        let source = SourcePosition(file: "in.jsonl", line: 7)
        let error = InputError("line 8: bad, very", id: "p8")
        let errorSource = SourcePosition(file: "in.jsonl", line: 8)
        func feed<Writer: RecordWriter>(_ writer: inout Writer) {
            writer.add(post: post, screening: Self.screening, source: source, flags: .mojibakeRepaired)
            writer.add(error: error, source: errorSource)
        }
        var jsonl = JSONLinesRecordWriter(includeText: true)
        feed(&jsonl)
        let expectedJSONL = ScreeningRecord.json(
            id: post.id, screening: Self.screening, source: source, repairs: ["mojibake"], text: post.text) + "\n"
            + ScreeningRecord.errorJSON(error, source: errorSource) + "\n"
        #expect(String(decoding: jsonl.bytes, as: UTF8.self) == expectedJSONL)
        var csv = CSVRecordWriter(includeText: true)
        feed(&csv)
        let expectedCSV = CSVRecordWriter.row(id: post.id, screening: Self.screening, source: source, text: post.text)
            + CSVRecordWriter.errorRow(error, source: errorSource, includeText: true)
        #expect(String(decoding: csv.bytes, as: UTF8.self) == expectedCSV)
        var report = ReviewReport(context: ReviewReportContext(inputs: ["in.jsonl"], packName: "p", packVersion: "1"))
        feed(&report)
        #expect(report.shown == 1)
    }

    /// A writer copies the opening of a rule hit it wrote before: records written one after
    /// another into one writer are the bytes each gives alone, whatever rules repeat, with the
    /// same rule id under another category, verdict or weight, and past the kept openings.
    @Test("records in a row are written as each is alone")
    func recordsInARow() {
        func hit(_ rule: String, _ category: String = "scam", _ verdict: Verdict = .harmful, _ weight: Double = 0.5) -> RuleHit {
            RuleHit(rule: rule, category: category, verdict: verdict, weight: weight, matches: [Match(range: 1..<3, text: "ab", tier: .exact)])
        }
        var hitLists: [[RuleHit]] = [
            [hit("a"), hit("b")], [hit("a")], [], [hit("b"), hit("a"), hit("a")], [hit("a", "other")], [hit("a", "scam", .unverified)],
            [hit("a", "scam", .harmful, 1)], [hit("a\"q", "c,d")], [hit("a"), hit("a", "scam", .harmful, .nan)],
        ]
        hitLists += (0..<40).map { [hit("r\($0 % 23)"), hit("a")] }  // more rules than the writer keeps
        var writer = JSONWriter()
        var expected = ""
        for (n, hits) in hitLists.enumerated() {
            let screening = Screening(verdict: .harmful, score: 1, basis: .rules, hits: hits, failures: [])
            ScreeningRecord.write(id: "p\(n)", screening: screening, source: SourcePosition(file: "f", line: n), to: &writer)
            writer.endLine()
            expected += ScreeningRecord.json(id: "p\(n)", screening: screening, source: SourcePosition(file: "f", line: n)) + "\n"
        }
        #expect(writer.output == expected)
        #expect(expected.contains(#"{"rule":"a","category":"scam","verdict":"harmful","weight":0.5,"matches":[{"start":1,"end":3,"text":"ab","tier":"exact"}]}"#))
    }

    @Test("a record with every optional part")
    func fullRecord() {
        let record = ScreeningRecord.json(
            id: "p\"1", screening: Self.screening, source: SourcePosition(file: "-", line: 3), repairs: ["mojibake"],
            text: "đóng phí\u{2028}")
        #expect(record == """
            {"id":"p\\"1","verdict":"harmful","score":1.6,"basis":"rules","hits":[{"rule":"scam.fee","category":"scam",\
            "verdict":"harmful","weight":0.6,"matches":[{"start":0,"end":8,"text":"đóng phí","tier":"exact"},\
            {"start":0,"end":0,"text":"https://x.vn/a,b","tier":"exact","field":"links"}]},{"rule":"time.night",\
            "category":"odd,hours","verdict":"harmful","weight":1,"matches":[]}],"source":{"file":"-","line":3},\
            "failures":[{"rule":"r\\"x","message":"regex stopped\\n"}],"repairs":["mojibake"],"text":"đóng phí\u{2028}"}
            """)
    }
}
