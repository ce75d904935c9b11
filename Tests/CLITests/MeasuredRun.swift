import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Runs `sangloc` as a child process and measures what a user would: exit status, output,
/// wall time, and peak resident memory (the child's `VmHWM`).
struct MeasuredRun {
    var status: Int32
    var stdout: Data
    var stderr: String
    /// Peak resident set size of the child, in kB.
    var peakKilobytes: Int
    /// The largest anonymous and file-backed resident sizes sampled, in kB: where the peak
    /// went (the program's own memory, or the pages of its binary and libraries).
    var sampledAnonKilobytes = 0
    var sampledFileKilobytes = 0
    var seconds: Double

    var lines: [String] { String(decoding: stdout, as: UTF8.self).split(separator: "\n").map(String.init) }
    /// Each stdout line parsed as a JSON object (a line that is not one is dropped: compare
    /// the count with `lines.count`).
    var records: [[String: Any]] {
        lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }
    var peakMegabytes: Int { peakKilobytes / 1024 }

    /// For failure messages: the peak, where it went, and the baseline run's peak.
    var memoryReport: String {
        "peak RSS \(peakMegabytes) MB (sampled: anonymous up to \(sampledAnonKilobytes / 1024) MB, "
            + "files up to \(sampledFileKilobytes / 1024) MB); baseline run \(Self.baselineKilobytes / 1024) MB"
    }

    /// How much more memory the binary may take than the bounds the tests state: 8 when the
    /// suite runs under AddressSanitizer (`swift test --sanitize=address` instruments the binary
    /// too; shadow memory and the free quarantine take about 3 to 6 times as much), else 1.
    static let memoryFactor: Int = dlsym(nil, "__asan_init") != nil ? 8 : 1

    struct SpawnFailed: Error, CustomStringConvertible {
        var code: Int32
        var description: String { "posix_spawn failed: \(String(cString: strerror(code)))" }
    }

    /// Runs `sangloc arguments` from the package root, stdin from `/dev/null`, killing it
    /// after `timeout` seconds (a hang then shows as status 128 + SIGKILL and `seconds >= timeout`).
    static func sangloc(_ arguments: [String], timeout: Double = 120) throws -> MeasuredRun {
        let folder = try SanglocProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outPath = folder.appendingPathComponent("stdout").path
        let errPath = folder.appendingPathComponent("stderr").path
        let binary = try SanglocProcess.binary().path

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        // From the package root, through `sh` (posix_spawn_file_actions_addchdir_np is not
        // imported); `exec` keeps the pid, so the pid's memory is sangloc's.
        let shell = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", SanglocProcess.packageRoot.path, binary]
        let argv: [UnsafeMutablePointer<CChar>?] = (shell + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let started = Date()
        let code = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, environ)
        guard code == 0 else { throw SpawnFailed(code: code) }

        // `ru_maxrss` from wait4 would count the test process too (the spawned child starts
        // on the parent's memory map), so poll the child's own VmHWM every 5 ms instead: it
        // only grows, and at most the last 5 ms before exit go unseen.
        var status: Int32 = 0
        var peak = MemoryStatus()
        while true {
            if let sample = MemoryStatus(of: pid) { peak.merge(sample) }
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if Date().timeIntervalSince(started) > timeout { kill(pid, SIGKILL) }
            usleep(5_000)
        }
        let seconds = Date().timeIntervalSince(started)
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
        let exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return MeasuredRun(
            status: exitStatus, stdout: try Data(contentsOf: URL(fileURLWithPath: outPath)),
            stderr: String(decoding: try Data(contentsOf: URL(fileURLWithPath: errPath)), as: UTF8.self),
            peakKilobytes: peak.peakKilobytes, sampledAnonKilobytes: peak.anonKilobytes,
            sampledFileKilobytes: peak.fileKilobytes, seconds: seconds)
    }

    /// Peak resident memory, in kB, of `sangloc screen` on one short post with the default
    /// pack, measured once per test process (the larger of two runs): what the binary, its
    /// libraries and the compiled default pack take on this machine. Memory bounds are stated
    /// above it, because the same run's `VmHWM` differs by tens of MB between machines with the
    /// kernel's page policies (transparent huge pages, the page cache's folio sizes for the
    /// mapped libraries), none of which is memory the run asked for: a debug build measured
    /// 40 MB here, and a bound of 150 MB failed on a CI machine at 233 MB for the same input.
    static let baselineKilobytes: Int = {
        do {
            let folder = try SanglocProcess.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("one.jsonl")
            try Data(#"{"id":"a","text":"chuyển khoản trước nhé"}"#.utf8 + [0x0A]).write(to: file)
            let runs = try (0..<2).map { _ in try sangloc(["screen", file.path], timeout: 60) }
            guard runs.allSatisfy({ $0.status == 0 && $0.peakKilobytes > 0 }) else {
                Issue.record("the baseline run failed: \(runs.map(\.stderr))")
                return 0
            }
            return runs.map(\.peakKilobytes).max()!
        } catch {
            Issue.record("the baseline run could not start: \(error)")
            return 0
        }
    }()

    /// The peak memory, in kB, allowed to a run that may take `allowanceMegabytes` more than
    /// the baseline run (scaled by `memoryFactor` under AddressSanitizer).
    static func peakLimitKilobytes(allowanceMegabytes: Int) -> Int {
        baselineKilobytes + allowanceMegabytes * 1024 * memoryFactor
    }

    /// `VmHWM` (peak resident set size) of a running process, in kB.
    static func peakResidentKilobytes(of pid: pid_t) -> Int? { MemoryStatus(of: pid)?.peakKilobytes }
}

/// A process's memory from `/proc/PID/status`, in kB: `VmHWM`, `RssAnon`, `RssFile`.
struct MemoryStatus {
    var peakKilobytes = 0
    var anonKilobytes = 0
    var fileKilobytes = 0

    init() {}

    /// Nil when the process is gone or has no memory map (a zombie).
    init?(of pid: pid_t) {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        func field(_ name: String) -> Int? {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return nil }
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        guard let peak = field("VmHWM") else { return nil }
        peakKilobytes = peak
        anonKilobytes = field("RssAnon") ?? 0
        fileKilobytes = field("RssFile") ?? 0
    }

    /// Keeps the larger of each figure.
    mutating func merge(_ other: MemoryStatus) {
        peakKilobytes = max(peakKilobytes, other.peakKilobytes)
        anonKilobytes = max(anonKilobytes, other.anonKilobytes)
        fileKilobytes = max(fileKilobytes, other.fileKilobytes)
    }
}
