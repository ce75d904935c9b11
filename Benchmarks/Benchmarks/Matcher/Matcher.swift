import Benchmark
import BenchSupport
import Foundation
import SangLoc
import VietText

/// Matcher throughput: screening pre-normalized posts against 10,000 terms (all tiers), with
/// and without the 50 regexes, and full screening (normalization included). One iteration is
/// one pass over the workload's first `SANGLOC_BENCH_POSTS` posts (2,000 by default).
let benchmarks: @Sendable () -> Void = {
    let (workload, texts, bytes) = Workload.forBenchmark()
    let posts = texts.enumerated().map { Post(id: String($0.offset), text: $0.element) }
    let size = String(format: "%d posts (%.2f MB)", posts.count, Double(bytes) / 1e6)
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(15), maxIterations: 20)
    for withRegexes in [false, true] {
        let screener: Screener
        do {
            screener = try Screener(pack: workload.rulePack(regexes: withRegexes))
        } catch {
            FileHandle.standardError.write(Data("SangLoc benchmarks: the workload pack does not compile: \(error)\n".utf8))
            exit(1)
        }
        let normalized = posts.map { screener.rules.normalizer.normalize($0.text) }
        let pack = withRegexes ? "10k terms + 50 regexes" : "10k terms"
        Benchmark("screen(normalized:), \(pack), \(size)", configuration: configuration) { benchmark in
            let scratch = ScreeningScratch()
            for _ in benchmark.scaledIterations {
                for index in posts.indices {
                    blackHole(screener.screen(posts[index], normalized: normalized[index], scratch: scratch))
                }
            }
        }
        if withRegexes {
            Benchmark("screen (normalize + match), \(pack), \(size)", configuration: configuration) { benchmark in
                let scratch = ScreeningScratch()
                for _ in benchmark.scaledIterations {
                    for post in posts { blackHole(screener.screen(post, scratch: scratch)) }
                }
            }
        }
    }
}
