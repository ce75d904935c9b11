import Dispatch
import SangLoc

/// Fills, on another core, the tables that compiling a pack reads for the first time, while
/// the command's thread reads the pack (which uses one core only).
///
/// Compiling normalizes every term and compiles every regex; the first use of the
/// normalizer's tables (character folding, scalar classes, teencode, legacy encodings) and of
/// the regex analysis builds them once per process, and the workers normalizing terms would
/// otherwise wait for that. Building them earlier changes no result: they are constants.
///
/// `finish()` waits for the warm-up (normally long done by then), so that no thread of it is
/// still running when the command goes on to exit.
struct StartupWarmUp {
    private let done = DispatchGroup()

    static func begin() -> StartupWarmUp {
        let warmUp = StartupWarmUp()
        DispatchQueue.global(qos: .userInitiated).async(group: warmUp.done) {
            let normalizer = Normalizer()
            // Vietnamese words, digits, teencode, look-alikes, a hashtag, a link; and a text of
            // Latin-1 letters only, which takes the full path (encoding repairs).
            _ = normalizer.normalize("Lừa đảo chuyển khoản 500k ko? Ch0 vay l@i thấp #vayvon https://bit.ly/x")
            _ = normalizer.normalize("là lôi")
            _ = RequiredLiterals(pattern: #"(?:vay|cho)\s+\d+"#)
            _ = try? PCRE2Pattern(#"(?:vay|cho)+\s+\d+"#)
        }
        return warmUp
    }

    func finish() { done.wait() }
}
