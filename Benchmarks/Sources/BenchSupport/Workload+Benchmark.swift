import Foundation

extension Workload {
    /// The workload for an ordo-one benchmark: the first `SANGLOC_BENCH_POSTS` texts (default
    /// 2,000) so one iteration is one pass over them. Exits with the reason when it is missing.
    public static func forBenchmark() -> (workload: Workload, texts: ArraySlice<String>, bytes: Int) {
        do {
            let workload = try Workload()
            let limit = ProcessInfo.processInfo.environment["SANGLOC_BENCH_POSTS"].flatMap(Int.init) ?? 2_000
            let texts = workload.texts.prefix(limit)
            return (workload, texts, texts.reduce(0) { $0 + $1.utf8.count })
        } catch {
            FileHandle.standardError.write(Data("SangLoc benchmarks: \(error)\n".utf8))
            exit(1)
        }
    }
}
