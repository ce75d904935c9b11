import Foundation
import SangLoc
import Testing

/// Screening time grows linearly in the post for every hostile shape (issue 20): one post of
/// each shape is screened with the default pack at a size, twice and four times that size, and
/// the time may grow at most 2.5× per doubling over the two doublings (quadratic growth is 4×).
/// Over two doublings, because one doubling alone can cross a cache size and cost 2.7×
/// although the step is linear.
///
/// Each size is timed by the CPU time of the test's thread, the least of five runs taken in
/// turns with the other sizes, so that tests running beside it do not spoil the ratio.
///
/// The steps themselves are timed on the whole post in one piece: `screen` cuts a post over
/// 16 KiB into windows, which bounds what a step may cost on it but would also hide a step's
/// growth; the windows are timed by a test of their own.
@Suite("Screening time is linear in the post", .serialized)
struct LinearTimeTests {
    struct Shape: CustomTestStringConvertible, Sendable {
        var name: String
        var unit: String
        /// Repetitions of `unit` at the smallest size (chosen so that one run takes ms to tens of ms in debug).
        var count: Int
        var testDescription: String { name }
    }

    static let shapes: [Shape] = [
        Shape(name: "spaced single letters", unit: "a ", count: 2_000),
        Shape(name: "spaced letters that spell words", unit: "l ừ a đ ả o ", count: 400),
        Shape(name: "dotted letters", unit: "l.ừ.a.", count: 750),
        Shape(name: "dots", unit: ".", count: 20_000),
        Shape(name: "one letter with mixed combining marks", unit: "\u{300}\u{301}\u{303}\u{309}\u{323}", count: 4_000),
        Shape(name: "one long token", unit: "abcdefghij", count: 2_000),
        Shape(name: "a long run of one letter", unit: "a", count: 20_000),
        Shape(name: "an emoji run", unit: "😀👍🏽", count: 2_000),
        Shape(name: "spaced syllables", unit: "lừa đảo ", count: 750),
    ]

    static let screener: Screener = {
        do { return try Screener(pack: DefaultPack.load()) } catch { fatalError("default pack: \(error)") }
    }()

    /// The CPU time this thread has used, in seconds: unlike wall time, it does not count the
    /// time other tests running in parallel take the cores away.
    static func threadSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// The least CPU time of five screenings of each text, taken in turns: of the whole text in
    /// one piece, or as `screen` does it (in windows when it is long).
    static func bestTimes(_ texts: [String], whole: Bool = true) -> [Double] {
        var best = [Double](repeating: .infinity, count: texts.count)
        for _ in 0..<5 {
            for (k, text) in texts.enumerated() {
                let start = threadSeconds()
                let post = Post(id: "t", text: text)
                let screening = whole
                    ? screener.screen(post, normalized: screener.rules.normalizer.normalize(text), scratch: ScreeningScratch())
                    : screener.screen(post)
                best[k] = min(best[k], threadSeconds() - start)
                precondition(screening.score >= 0)
            }
        }
        return best
    }

    @Test("doubling the post at most 2.5× the time", arguments: shapes)
    func doubling(_ shape: Shape) {
        let prefix = shape.name.contains("marks") ? "a" : ""
        let texts = [1, 2, 4].map { prefix + String(repeating: shape.unit, count: shape.count * $0) }
        let times = Self.bestTimes(texts)
        let perDoubling = (times[2] / times[0]).squareRoot()
        #expect(perDoubling < 2.5, "\(shape.name): \(texts[0].utf8.count) → \(texts[2].utf8.count) bytes took \(perDoubling)× the time per doubling (\(times[1] / times[0])×, then \(times[2] / times[1])×)")
    }

    @Test("a long post in windows: doubling it at most 2.5× the time")
    func doublingInWindows() {
        let texts = [1, 2, 4].map { String(repeating: "lừa đảo chuyển khoản l ừ a ", count: 700 * $0) }
        let times = Self.bestTimes(texts, whole: false)
        let perDoubling = (times[2] / times[0]).squareRoot()
        #expect(perDoubling < 2.5, "\(texts[0].utf8.count) → \(texts[2].utf8.count) bytes took \(perDoubling)× the time per doubling")
    }
}
