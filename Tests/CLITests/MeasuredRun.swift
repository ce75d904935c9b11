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
    var seconds: Double

    var lines: [String] { String(decoding: stdout, as: UTF8.self).split(separator: "\n").map(String.init) }
    /// Each stdout line parsed as a JSON object (a line that is not one is dropped: compare
    /// the count with `lines.count`).
    var records: [[String: Any]] {
        lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }
    var peakMegabytes: Int { peakKilobytes / 1024 }

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
        var peak = 0
        while true {
            if let value = peakResidentKilobytes(of: pid) { peak = max(peak, value) }
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
            peakKilobytes: peak, seconds: seconds)
    }

    /// `VmHWM` (peak resident set size) of a running process, in kB.
    static func peakResidentKilobytes(of pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }
}
