import Foundation
import Testing

/// `sangloc screen` on a large stream through a pipe: every record comes out and memory stays flat.
@Suite("sangloc screen streaming")
struct ScreenStreamingTests {
    /// Posts fed through the pipe: `$SANGLOC_STREAM_POSTS`, or 30,000 (about 20 s in a debug
    /// build). 1,000,000 was checked by hand with a release build (see docs/cli.md).
    static let postCount = Int(ProcessInfo.processInfo.environment["SANGLOC_STREAM_POSTS"] ?? "") ?? 30_000
    /// Peak resident memory allowed to the child, in kB: 200 MB.
    static let peakMemoryLimit = 200 * 1024

    @Test("posts piped through stdin all come out, with peak memory under 200 MB")
    func largeStreamThroughPipe() throws {
        let posts = Self.postCount
        let process = Process()
        process.executableURL = try SanglocProcess.binary()
        process.arguments = ["screen", "-", "--jobs", "2"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()

        // Write on one thread and count output lines on another, so neither pipe fills up.
        let block = try SanglocProcess.generatedPosts(1_000)
        let writer = Thread {
            let handle = input.fileHandleForWriting
            for blockStart in stride(from: 0, to: posts, by: 1_000) {
                let count = min(1_000, posts - blockStart)
                if count == 1_000 {
                    handle.write(block)
                } else {
                    let lines = block.split(separator: 0x0A).prefix(count)
                    for line in lines { handle.write(line + Data([0x0A])) }
                }
            }
            try? handle.close()
        }
        writer.start()
        let lineCounter = LineCounter()
        let reader = Thread {
            let handle = output.fileHandleForReading
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                lineCounter.add(data)
            }
            lineCounter.finish()
        }
        reader.start()

        var peak = 0
        while process.isRunning {
            if let value = Self.peakResidentKilobytes(of: process.processIdentifier) { peak = max(peak, value) }
            usleep(20_000)
        }
        lineCounter.wait()
        #expect(process.terminationStatus == 0)
        #expect(lineCounter.lines == posts)
        #expect(peak > 0, "could not read /proc/\(process.processIdentifier)/status")
        #expect(peak < Self.peakMemoryLimit * MeasuredRun.memoryFactor, "peak RSS \(peak) kB")
        print("streamed \(posts) posts; peak RSS \(peak / 1024) MB")
    }

    /// `VmHWM` (peak resident set size) of a running process, in kB.
    static func peakResidentKilobytes(of pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }
}

/// Counts newline bytes arriving on another thread.
final class LineCounter: @unchecked Sendable {
    private let lock = NSCondition()
    private var count = 0
    private var done = false

    func add(_ data: Data) {
        let newlines = data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        lock.lock()
        count += newlines
        lock.unlock()
    }

    func finish() {
        lock.lock()
        done = true
        lock.broadcast()
        lock.unlock()
    }

    func wait() {
        lock.lock()
        while !done { lock.wait() }
        lock.unlock()
    }

    var lines: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
