import Benchmark
import BenchSupport
import Foundation
import VietText

/// VietText normalization throughput. One iteration normalizes the workload's first
/// `SANGLOC_BENCH_POSTS` posts (2,000 by default); MB/s = the name's MB / wall time.
let benchmarks: @Sendable () -> Void = {
    let (_, texts, bytes) = Workload.forBenchmark()
    let normalizer = Normalizer()
    let name = String(format: "Normalizer.normalize, %d posts (%.2f MB)", texts.count, Double(bytes) / 1e6)
    Benchmark(
        name,
        configuration: .init(
            metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
            maxDuration: .seconds(15), maxIterations: 20)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            for text in texts { blackHole(normalizer.normalize(text)) }
        }
    }
}
