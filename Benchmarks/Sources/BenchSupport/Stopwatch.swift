import Foundation
/// Wall-clock timing on the monotonic clock.
public enum Stopwatch {
    /// Seconds taken by `body`: wall-clock time, or the thread's CPU time when the environment
    /// sets `SANGLOC_MEASURE_CLOCK=cpu` (steadier on a machine shared with other work, for
    /// comparing two builds; quote wall-clock figures).
    public static func seconds(_ body: () throws -> Void) rethrows -> Double {
        if useCPUClock {
            let start = threadCPUSeconds()
            try body()
            return threadCPUSeconds() - start
        }
        let clock = ContinuousClock()
        let elapsed = try clock.measure(body)
        let parts = elapsed.components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }

    /// The median of `values` (the mean of the middle two for an even count).
    public static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    private static let useCPUClock = ProcessInfo.processInfo.environment["SANGLOC_MEASURE_CLOCK"] == "cpu"

    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}
