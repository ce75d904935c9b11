import Testing

@testable import SangLoc

/// The hand-written UTF-8 check against Swift's own (`String(validating:)`), which it replaces:
/// it must accept and reject exactly the same bytes, alone and inside JSON strings.
@Suite("UTF-8 validation")
struct InputUTF8ValidationTests {
    /// Bytes around every boundary of Table 3-7: ASCII, continuation ranges, leads, and bytes
    /// that never appear in UTF-8.
    static let boundaryBytes: [UInt8] = [
        0x00, 0x22, 0x41, 0x5C, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF,
        0xF0, 0xF4, 0xF5, 0xFF,
    ]

    /// Fourth bytes: one of each kind is enough once the first three are covered.
    static let fourthBytes: [UInt8] = [0x41, 0x7F, 0x80, 0xBF, 0xC0]

    /// Mostly well-formed text with damage: whole scalars of every length, lone bytes of any
    /// value, and sequences cut short.
    static func randomBytes(using generator: inout SplitMix64) -> [UInt8] {
        var bytes: [UInt8] = []
        let pieces = Int.random(in: 0...12, using: &generator)
        for _ in 0..<pieces {
            switch Int.random(in: 0..<10, using: &generator) {
            case 0...2:
                bytes.append(UInt8.random(in: 0x20...0x7E, using: &generator))
            case 3...6:
                let ranges: [ClosedRange<UInt32>] = [0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFF, 0x10000...0x10FFFF]
                let value = UInt32.random(in: ranges.randomElement(using: &generator)!, using: &generator)
                bytes += Array(String(Unicode.Scalar(value)!).utf8)
            case 7:
                bytes.append(UInt8.random(in: 0...255, using: &generator))
            case 8:
                let value = UInt32.random(in: 0x80...0x10FFFF, using: &generator)
                if let scalar = Unicode.Scalar(value) {
                    let encoded = Array(String(scalar).utf8)
                    bytes += encoded.prefix(Int.random(in: 1..<encoded.count, using: &generator))
                }
            default:
                // A lead byte followed by anything.
                bytes.append(UInt8.random(in: 0xC0...0xFF, using: &generator))
                bytes.append(UInt8.random(in: 0...255, using: &generator))
            }
        }
        return bytes
    }

    /// What Swift says of `bytes`: well formed, and all ASCII.
    static func reference(_ bytes: [UInt8]) -> (isWellFormed: Bool, isASCII: Bool) {
        (String(validating: bytes, as: UTF8.self) != nil, bytes.allSatisfy { $0 < 0x80 })
    }

    static func check(_ bytes: [UInt8]) -> (isWellFormed: Bool, isASCII: Bool) {
        validateUTF8Bytes(bytes.span)
    }

    @Test("every 1- and 2-byte sequence is judged as Swift judges it")
    func shortSequences() {
        var mismatches: [[UInt8]] = []
        for first in 0...255 {
            let one = [UInt8(first)]
            if Self.check(one) != Self.reference(one) { mismatches.append(one) }
            for second in 0...255 {
                let two = [UInt8(first), UInt8(second)]
                if Self.check(two) != Self.reference(two) { mismatches.append(two) }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test("3- and 4-byte sequences of every lead and second byte are judged as Swift judges them")
    func longSequences() {
        var mismatches: [[UInt8]] = []
        for lead in 0xC0...0xFF {
            for second in 0...255 {
                for third in Self.boundaryBytes {
                    let three = [UInt8(lead), UInt8(second), third]
                    if Self.check(three) != Self.reference(three) { mismatches.append(three) }
                    guard lead >= 0xE0 else { continue }
                    for fourth in Self.fourthBytes {
                        let four = three + [fourth]
                        if Self.check(four) != Self.reference(four) { mismatches.append(four) }
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test("the edges of each range: overlongs, surrogates, beyond U+10FFFF, truncation", arguments: [
        ([0xC1, 0xBF], false), ([0xC2, 0x80], true), ([0xE0, 0x9F, 0xBF], false), ([0xE0, 0xA0, 0x80], true),
        ([0xED, 0x9F, 0xBF], true), ([0xED, 0xA0, 0x80], false), ([0xED, 0xBF, 0xBF], false),
        ([0xEE, 0x80, 0x80], true), ([0xF0, 0x8F, 0xBF, 0xBF], false), ([0xF0, 0x90, 0x80, 0x80], true),
        ([0xF4, 0x8F, 0xBF, 0xBF], true), ([0xF4, 0x90, 0x80, 0x80], false), ([0xF5, 0x80, 0x80, 0x80], false),
        ([0xE1, 0xBB], false), ([0xF0, 0x9F, 0x98], false), ([0x80], false), ([0xC3], false),
    ] as [([UInt8], Bool)])
    func edges(_ bytes: [UInt8], _ isWellFormed: Bool) {
        #expect(Self.check(bytes).isWellFormed == isWellFormed)
        #expect(Self.reference(bytes).isWellFormed == isWellFormed)
        // After eight ASCII bytes (the word-at-a-time skip) and before more.
        let padded = Array("abcdefgh".utf8) + bytes + Array("ijklmnopq".utf8)
        #expect(Self.check(padded).isWellFormed == isWellFormed)
    }

    @Test("random damaged text is judged as Swift judges it")
    func randomBytes() {
        var generator = SplitMix64(seed: 0x5A46_4C6F_6321)
        var mismatches: [[UInt8]] = []
        for _ in 0..<20_000 {
            let bytes = Self.randomBytes(using: &generator)
            if Self.check(bytes) != Self.reference(bytes) { mismatches.append(bytes) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    /// The string the JSON reader gave before it checked UTF-8 itself: escapes decoded, then
    /// Swift's check, and its repair when the check fails.
    static func referenceDecoded(_ content: [UInt8]) -> DecodedString {
        var unescaped: [UInt8] = []
        var index = 0
        while index < content.count {
            if content[index] == UInt8(ascii: "\\") {
                switch content[index + 1] {
                case UInt8(ascii: "n"): unescaped.append(0x0A)
                case UInt8(ascii: "u"):
                    // Only the escapes this test writes: \u00e9 and \ud83d\ude00.
                    if content[index + 2] == UInt8(ascii: "0") {
                        unescaped += [0xC3, 0xA9]
                    } else {
                        unescaped += [0xF0, 0x9F, 0x98, 0x80]
                        index += 6
                    }
                    index += 4
                default: unescaped.append(content[index + 1])
                }
                index += 2
            } else {
                unescaped.append(content[index])
                index += 1
            }
        }
        if let valid = String(validating: unescaped, as: UTF8.self) {
            return DecodedString(text: valid, repairedInvalidUTF8: false)
        }
        return DecodedString(text: String(decoding: unescaped, as: UTF8.self), repairedInvalidUTF8: true)
    }

    @Test("JSON strings decode to Swift's text and repair flag, escapes or not")
    func jsonStrings() throws {
        var generator = SplitMix64(seed: 0x4A53_4F4E)
        let escapes = ["\\n", "\\\"", "\\\\", "\\u00e9", "\\ud83d\\ude00"].map { Array($0.utf8) }
        var document = JSONDocument()
        for round in 0..<5_000 {
            // Raw bytes a JSON string may hold (no quote, backslash or control), escapes between.
            var content: [UInt8] = []
            for _ in 0..<Int.random(in: 0...3, using: &generator) {
                content += Self.randomBytes(using: &generator).filter { $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C }
                if Bool.random(using: &generator) { content += escapes.randomElement(using: &generator)! }
            }
            let json = [UInt8(ascii: "[")] + [0x22] + content + [0x22] + Array(",1]".utf8)
            let decoded = try { () throws -> DecodedString in
                let buffer = json.span
                try document.parse(buffer)
                return document.string(1, in: buffer)
            }()
            let expected = Self.referenceDecoded(content)
            #expect(decoded.text == expected.text, "round \(round): \(content)")
            #expect(Array(decoded.text.unicodeScalars) == Array(expected.text.unicodeScalars), "round \(round)")
            // Character counts differ from byte counts unless the text is ASCII: a string
            // wrongly marked ASCII would count its bytes.
            #expect(decoded.text.count == expected.text.count, "round \(round): \(content)")
            #expect(decoded.repairedInvalidUTF8 == expected.repairedInvalidUTF8, "round \(round): \(content)")
            if decoded.text != expected.text { break }
        }
    }

    /// Inside JSON strings too, after plain text and between letters (where the parser takes
    /// well-formed sequences before its state machine): every lead byte with every second byte
    /// and the boundary third bytes decode to Swift's text and repair flag.
    @Test("JSON strings judge every 2- and 3-byte sequence as Swift does")
    func sequencesInJSONStrings() throws {
        var document = JSONDocument()
        var mismatches: [[UInt8]] = []
        // A lone continuation byte as the lead: `randomBytes` and the tests above cover those.
        for lead in 0xC0...0xFF {
            for second in 0...255 {
                for third in Self.boundaryBytes {
                    let sequence = [UInt8(lead), UInt8(second), third]
                    // Raw quotes, backslashes and controls end or break a string: not text.
                    guard !sequence.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else { continue }
                    let content = Array("ab".utf8) + sequence + Array("ừx".utf8)
                    let json = Array("[\"".utf8) + content + Array("\",1]".utf8)
                    let decoded = try { () throws -> DecodedString in
                        let buffer = json.span
                        try document.parse(buffer)
                        return document.string(1, in: buffer)
                    }()
                    let expected = Self.referenceDecoded(content)
                    if decoded.text != expected.text || decoded.repairedInvalidUTF8 != expected.repairedInvalidUTF8 {
                        mismatches.append(sequence)
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    /// Whatever stops a string (its closing quote, a raw control character) is found at every
    /// offset, past plain ASCII and Vietnamese letters taken before the state machine.
    @Test("a string ends at its quote and fails at a raw control at every offset")
    func stopsAtEveryOffset() throws {
        var document = JSONDocument()
        for prefix in ["", "x", "ừ", "é"] {
            for length in 0..<24 {
                let text = prefix + String(repeating: "a", count: length) + String(repeating: "ệ", count: length % 3)
                let json = Array(("[\"" + text + "\",1]").utf8)
                let decoded = try { () throws -> DecodedString in
                    let buffer = json.span
                    try document.parse(buffer)
                    return document.string(1, in: buffer)
                }()
                #expect(decoded.text == text && !decoded.repairedInvalidUTF8)
                let broken = Array(("[\"" + text).utf8) + [0x09] + Array("\"]".utf8)
                let message = { () -> String? in
                    let buffer = broken.span
                    do throws(JSONSyntaxError) {
                        try document.parse(buffer)
                        return nil
                    } catch {
                        return error.message(in: buffer)
                    }
                }()
                #expect(message == "invalid JSON at column \(text.count + 3): control character U+0009 in a string must be escaped (\\n, \\t, \\u00XX)", "\(text)")
            }
        }
    }

    @Test("a sequence cut short by the closing quote ends the string there, repaired")
    func truncatedBeforeQuote() throws {
        let json: [UInt8] = [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0x78, 0xE1, 0xBB, 0x22, 0x7D]  // {"a":"x\xE1\xBB"}
        var document = JSONDocument()
        let decoded = try { () throws -> DecodedString in
            let buffer = json.span
            try document.parse(buffer)
            return document.string(2, in: buffer)
        }()
        #expect(decoded.text == "x\u{FFFD}")
        #expect(decoded.repairedInvalidUTF8)
    }
}
