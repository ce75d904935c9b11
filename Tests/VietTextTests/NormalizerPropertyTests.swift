import Testing
import VietText

/// Properties that hold for every input (docs/design.md §2 invariants).
@Suite("VietText properties")
struct NormalizerPropertyTests {
    let normalizer = Normalizer()

    /// A deterministic generator (SplitMix64), so failures reproduce.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func pick<T>(_ options: [T]) -> T { options[Int(next() % UInt64(options.count))] }
    }

    static let pieces: [String] = [
        "lừa", "đảo", "Lừa", "ĐẢO", "l.ừ.a", "c@c", "l0n", "hoà", "thuỷ", "ck", "500k", "0912.345.678", "https://a.vn/x",
        "#luadao", "@ban", "👨‍👩‍👧", "🔥", " ", "  ", ".", "!!!", "\n", "\u{200B}", "\u{0301}", "\u{0323}\u{0302}", "ｌừａ",
        "lừа", "Vie^.t", "kkkk", "cáđộ", "a", "ừ", "e", "R.I.P", "\u{FFFD}", "\u{00AD}", "´", "ǎ", "𝗹𝘂̛̀𝗮", "xoong",
    ]

    static let samples: [String] = {
        var generator = Generator(state: 42)
        return (0..<300).map { _ in
            (0..<Int(generator.next() % 12 + 1)).map { _ in generator.pick(pieces) }.joined()
        }
    }()

    @Test func canonicalLayerIsIdempotent() {
        for sample in Self.samples {
            let once = normalizer.normalize(sample).canonical
            let twice = normalizer.normalize(once).canonical
            #expect(once == twice, "input: \(sample.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func tokenRangesAreNonEmptyOrderedAndInBounds() {
        for sample in Self.samples {
            let text = normalizer.normalize(sample)
            let scalarCount = sample.unicodeScalars.count
            let byteCount = sample.utf8.count
            var previousEnd = 0
            for token in text.tokens {
                #expect(!token.scalarRange.isEmpty)
                #expect(token.scalarRange.upperBound <= scalarCount)
                #expect(token.utf8Range.upperBound <= byteCount)
                #expect(token.scalarRange.lowerBound >= previousEnd, "\(sample.debugDescription) \(text.tokens.map { "\($0.kind):\($0.scalarRange)" })")
                previousEnd = token.scalarRange.upperBound
                // The UTF-8 range and the scalar range name the same text.
                let byScalars = text.originalText(token.scalarRange)
                #expect(byScalars == text.originalText(of: token))
            }
        }
    }

    @Test func randomBytesNeverCrash() {
        var generator = Generator(state: 7)
        for _ in 0..<300 {
            let bytes = (0..<Int(generator.next() % 64)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let text = normalizer.normalize(utf8: bytes)
            for token in text.tokens { #expect(token.scalarRange.upperBound <= text.original.unicodeScalars.count) }
        }
    }

    @Test func pathologicalInputs() {
        let stacked = "a" + String(repeating: "\u{0301}", count: 10_000)
        #expect(normalizer.normalize(stacked).tokens.count == 1)
        let loneMarks = String(repeating: "\u{0303}", count: 1000)
        _ = normalizer.normalize(loneMarks)
        let big = String(repeating: "lừa đảo chuyển khoản 500k ", count: 40_000)  // about 1 MB
        #expect(normalizer.normalize(big).tokens.count == 200_000)
        let dots = String(repeating: ".", count: 100_000)
        #expect(normalizer.normalize(dots).tokens.count == 1)
    }
}
