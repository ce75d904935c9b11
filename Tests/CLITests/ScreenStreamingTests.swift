import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `sangloc screen` on 1,000,000 posts through a pipe: every record comes out, the harmful ones
/// are found, and memory stays flat while the posts stream.
///
/// Cheap enough for every `swift test` run (about 40 s with the debug binary on 2 cores): the
/// posts are a few Vietnamese words each, screened with a small pack of three rules (terms, an
/// exception, a regex), the generator writes pre-rendered blocks, and the output is counted
/// line by line without being parsed. What is measured is the streaming, not the default pack.
@Suite("sangloc screen streaming")
struct ScreenStreamingTests {
    /// Posts fed through the pipe: `$SANGLOC_STREAM_POSTS`, or 1,000,000.
    static let postCount = Int(ProcessInfo.processInfo.environment["SANGLOC_STREAM_POSTS"] ?? "") ?? 1_000_000
    /// Posts written out before the resident memory is taken as the reference: by then the
    /// pipeline, the buffers and the normalizer's cache of words are warm.
    static let warmUpPosts = 50_000
    /// Growth of the peak resident memory allowed after the warm-up, in kB: 24 MB. A leak of 26
    /// bytes per post over the remaining 950,000 posts breaks it.
    static let growthLimit = 24 * 1024
    /// Peak resident memory the child may take over the whole run above the baseline run (one
    /// short post), in MB.
    static let peakAllowance = 160
    /// The child is killed, and the test fails, after this many seconds.
    static let timeout: Double = 600

    @Test("1,000,000 posts piped through stdin all come out, with flat memory")
    func largeStreamThroughPipe() async throws {
        let posts = Self.postCount
        let folder = try SanglocProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pack = folder.appendingPathComponent("stream-pack.yaml")
        try StreamedPosts.pack.write(to: pack, atomically: true, encoding: .utf8)
        let errURL = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)

        // Writing to the pipe after the child died must fail with EPIPE, not kill the test runner.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = try SanglocProcess.binary()
        process.arguments = ["screen", "-", "--rules", pack.path, "--jobs", "2"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errURL)
        let started = Date()
        try process.run()

        // Write on one thread and count output lines on another, so neither pipe fills up.
        let writeFailure = FailureNote()
        let writer = Thread {
            let handle = input.fileHandleForWriting
            if let failure = StreamedPosts.write(count: posts, to: handle.fileDescriptor) { writeFailure.set(failure) }
            try? handle.close()
        }
        writer.start()
        let counter = OutputCounter()
        let reader = Thread { counter.read(output.fileHandleForReading.fileDescriptor) }
        reader.start()

        // Memory is sampled on a thread of its own: the test's task may wait a long time for
        // a turn while other suites keep the cooperative pool busy, and would miss the run.
        let memory = MemorySampler(pid: process.processIdentifier, warmUpLines: Self.warmUpPosts, counter: counter)
        let sampler = Thread { memory.run(while: { process.isRunning }) }
        sampler.start()
        var timedOut = false
        while process.isRunning {
            if Date().timeIntervalSince(started) > Self.timeout, !timedOut {
                timedOut = true
                process.terminate()
            }
            // Sleeping without holding a thread lets the other suites run meanwhile.
            try await Task.sleep(for: .milliseconds(50))
        }
        let seconds = Date().timeIntervalSince(started)
        counter.wait()
        memory.wait()
        let (peak, warmPeak) = memory.result
        let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        let report = """
            \(posts) posts in \(String(format: "%.1f", seconds)) s; \(counter.lines) lines out, \
            \(counter.harmful) harmful; peak RSS \(peak) kB, \(warmPeak.map(String.init) ?? "?") kB \
            after \(Self.warmUpPosts) posts; stderr: \(stderr.prefix(400))
            """

        #expect(!timedOut, "killed after \(Int(Self.timeout)) s: \(report)")
        #expect(process.terminationStatus == 0, "exit status \(process.terminationStatus): \(report)")
        #expect(writeFailure.value == nil, "writing the posts failed: \(writeFailure.value ?? ""); \(report)")
        #expect(counter.lines == posts, "one record per post expected: \(report)")
        #expect(counter.unterminatedBytes == 0, "the output ends inside a record: \(report)")
        #expect(counter.harmful == StreamedPosts.harmfulCount(posts), "harmful records: \(report)")
        #expect(stderr.hasPrefix("\(posts) records: \(posts) posts screened, 0 errors"), "summary: \(report)")
        #expect(peak > 0, "could not read /proc/\(process.processIdentifier)/status: \(report)")
        #expect(peak < MeasuredRun.peakLimitKilobytes(allowanceMegabytes: Self.peakAllowance),
                "peak RSS over the bound (baseline \(MeasuredRun.baselineKilobytes) kB): \(report)")
        if posts >= Self.warmUpPosts * 4 {
            #expect(warmPeak != nil, "no memory sample after \(Self.warmUpPosts) posts: \(report)")
            if let warmPeak {
                #expect(
                    peak - warmPeak < Self.growthLimit * MeasuredRun.memoryFactor,
                    "memory grew by \(peak - warmPeak) kB after the warm-up: \(report)")
            }
        }
        print(report)
    }
}

/// The posts of the streaming test: short Vietnamese texts, 3 in 8 of them harmful under
/// ``pack``, with distinct ids, written in blocks of 10,000 lines.
enum StreamedPosts {
    /// Three harmful rules: terms, terms with an exception, and a regex on the bare layer.
    static let pack = """
        pack: stream
        version: "1"
        categories:
          scam: Scams
          profanity: Profanity
        rules:
          - id: scam.job-fee
            category: scam
            verdict: harmful
            weight: 1.0
            match: { terms: [việc nhẹ lương cao, đóng phí] }
          - id: scam.otp-code
            category: scam
            verdict: harmful
            weight: 1.0
            match: { regex: 'otp \\d{6}', layer: bare }
          - id: profanity.insult
            category: profanity
            verdict: harmful
            weight: 1.0
            match: { terms: [óc chó] }
            unless: { terms: [sữa óc chó] }
        policy:
          thresholds: { harmful: 1.0, unverified: 0.5 }
          default: verified

        """

    /// Texts by `line % 8`, given the line's number `n` in its block; 1, 2 and 3 are harmful,
    /// 4 is saved by the exception.
    static func text(_ line: Int) -> String {
        let n = line % blockSize
        switch n % 8 {
        case 0: return "chào cả nhà, chúc ngủ ngon \(n)"
        case 1: return "việc nhẹ lương cao, đóng phí trước \(n)k"
        case 2: return "mã OTP \(100_000 + n) gửi em nhé"
        case 3: return "đồ óc chó, lần thứ \(n)"
        case 4: return "uống sữa óc chó mỗi sáng \(n) ly"
        case 5: return "hôm nay trời mưa to quá, \(n) mm"
        case 6: return "cảm ơn \(n) người đã ủng hộ"
        default: return "mẹ nấu cơm ngon lắm \(n)"
        }
    }

    static let blockSize = 10_000

    /// Harmful posts among the first `count`.
    static func harmfulCount(_ count: Int) -> Int {
        [1, 2, 3].reduce(0) { total, kind in
            let whole = count / blockSize * ((blockSize - kind + 7) / 8)
            let rest = count % blockSize
            return total + whole + (rest > kind ? (rest - kind + 7) / 8 : 0)
        }
    }

    /// One block of lines, `{"id":"b0000-0042","text":"..."}`, and the offset of each line's
    /// four block digits, patched for each block written.
    static func block() -> (bytes: [UInt8], digitOffsets: [Int]) {
        var bytes: [UInt8] = []
        var offsets: [Int] = []
        for line in 0..<blockSize {
            let lineNumber = String(line)
            let padded = String(repeating: "0", count: 4 - lineNumber.count) + lineNumber
            offsets.append(bytes.count + 8)
            bytes.append(contentsOf: "{\"id\":\"b0000-\(padded)\",\"text\":\"\(text(line))\"}\n".utf8)
        }
        return (bytes, offsets)
    }

    /// Writes the first `count` posts to `descriptor` in blocks; a message when writing failed.
    static func write(count: Int, to descriptor: Int32) -> String? {
        var (bytes, offsets) = block()
        let lineStarts = offsets.map { $0 - 8 } + [bytes.count]
        var written = 0
        var blockNumber = 0
        while written < count {
            let lines = min(blockSize, count - written)
            var digits = blockNumber
            for place in (0..<4).reversed() {
                let digit = UInt8(ascii: "0") + UInt8(digits % 10)
                for offset in offsets { bytes[offset + place] = digit }
                digits /= 10
            }
            let length = lineStarts[lines]
            let failure: String? = bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < length {
                    let n = Glibc.write(descriptor, buffer.baseAddress! + offset, length - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        return "write(2) after \(written) posts: \(String(cString: strerror(errno)))"
                    }
                    offset += n
                }
                return nil
            }
            if let failure { return failure }
            written += lines
            blockNumber += 1
        }
        return nil
    }
}

/// Counts the records `sangloc screen` writes, without parsing them: lines, and lines whose
/// verdict is harmful (records start `{"id":"b0000-0000","verdict":"`, so the verdict's first
/// letter is at a fixed offset).
/// Samples a child's peak resident memory every 20 ms until it exits, noting the peak when
/// the output first reaches the warm-up line count.
final class MemorySampler: @unchecked Sendable {
    private let pid: Int32
    private let warmUpLines: Int
    private let counter: OutputCounter
    private let condition = NSCondition()
    private var peak = 0
    private var warmPeak: Int?
    private var finished = false

    init(pid: Int32, warmUpLines: Int, counter: OutputCounter) {
        self.pid = pid
        self.warmUpLines = warmUpLines
        self.counter = counter
    }

    func run(while isRunning: () -> Bool) {
        while isRunning() {
            if let sample = MeasuredRun.peakResidentKilobytes(of: pid) {
                condition.lock()
                peak = max(peak, sample)
                if warmPeak == nil, counter.lines >= warmUpLines { warmPeak = peak }
                condition.unlock()
            }
            usleep(20_000)
        }
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until the child has exited and sampling stopped.
    func wait() {
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
    }

    var result: (peak: Int, warmPeak: Int?) {
        condition.lock()
        defer { condition.unlock() }
        return (peak, warmPeak)
    }
}

final class OutputCounter: @unchecked Sendable {
    private static let verdictOffset = #"{"id":"b0000-0000","verdict":""#.utf8.count
    private let condition = NSCondition()
    private var countedLines = 0
    private var countedHarmful = 0
    private var trailing = 0
    private var done = false

    /// Reads `descriptor` to its end in 1 MiB blocks, counting as it goes.
    func read(_ descriptor: Int32) {
        let capacity = 1 << 20
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var filled = 0
        while filled < capacity {
            let n = Glibc.read(descriptor, buffer + filled, capacity - filled)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            filled += n
            var start = 0
            var lines = 0
            var harmful = 0
            while start < filled, let found = memchr(buffer + start, Int32(UInt8(ascii: "\n")), filled - start) {
                let end = found.assumingMemoryBound(to: UInt8.self) - buffer
                if end - start > Self.verdictOffset, buffer[start + Self.verdictOffset] == UInt8(ascii: "h") { harmful += 1 }
                lines += 1
                start = end + 1
            }
            filled -= start
            if filled > 0 { memmove(buffer, buffer + start, filled) }
            condition.lock()
            countedLines += lines
            countedHarmful += harmful
            condition.unlock()
        }
        condition.lock()
        trailing = filled
        done = true
        condition.broadcast()
        condition.unlock()
    }

    func wait() {
        condition.lock()
        while !done { condition.wait() }
        condition.unlock()
    }

    private func locked<T>(_ read: () -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return read()
    }

    var lines: Int { locked { countedLines } }
    var harmful: Int { locked { countedHarmful } }
    /// Bytes after the last line feed (or of a line longer than the buffer).
    var unterminatedBytes: Int { locked { trailing } }
}

/// A message set from another thread.
final class FailureNote: @unchecked Sendable {
    private let lock = NSLock()
    private var message: String?

    func set(_ value: String) { lock.withLock { message = value } }
    var value: String? { lock.withLock { message } }
}
