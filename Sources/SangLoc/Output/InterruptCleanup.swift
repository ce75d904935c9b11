#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary output file to remove when SIGINT or SIGTERM ends the process; kept as a C
/// string so that the signal handler only calls async-signal-safe `unlink` and `_exit`.
nonisolated(unsafe) private var interruptedOutputPath: UnsafeMutablePointer<CChar>?

/// Signal handlers that remove a temporary output file and exit 128 + the signal's number
/// (``BatchOutputFile/removeOnInterrupt()``). One file at a time, installed by one thread.
enum InterruptCleanup {
    /// The path the handlers remove, as installed.
    nonisolated(unsafe) private static var installed: String?

    static func install(removing temporaryPath: String) {
        installed = temporaryPath
        let previous = interruptedOutputPath
        interruptedOutputPath = strdup(temporaryPath)
        free(previous)
        // A parent may start us with these signals blocked (the mask is inherited across exec).
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        sigaddset(&unblocked, SIGINT)
        sigaddset(&unblocked, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber) { received in
                if let path = interruptedOutputPath { unlink(path) }
                _exit(128 + received)
            }
        }
    }

    /// Restores the default handlers if they remove `temporaryPath` (the C string is kept: a
    /// signal may be arriving meanwhile).
    static func uninstall(removing temporaryPath: String) {
        guard installed == temporaryPath else { return }
        installed = nil
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
