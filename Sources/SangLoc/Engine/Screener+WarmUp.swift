import Dispatch
import VietText

extension Screener {
    /// Runs `body` (which loads and compiles a pack, say) while another core builds the
    /// constant tables that compiling reads first, and waits for that before returning.
    ///
    /// Compiling normalizes every term and compiles every regex; the first use of the
    /// normalizer's tables (folding, scalar classes, teencode, legacy encodings) and of the
    /// regex analysis builds them once per process, and the workers compiling terms would
    /// otherwise wait for that. Reading a pack uses one core, so the building starts first.
    public static func warmingUp<Result>(_ body: () throws -> Result) rethrows -> Result {
        let done = DispatchGroup()
        DispatchQueue.global(qos: .userInitiated).async(group: done) {
            let normalizer = Normalizer()
            // Vietnamese words, digits, teencode, look-alikes, a hashtag, a link; and a text of
            // Latin-1 letters only, which takes the full path (encoding repairs).
            _ = normalizer.normalize("Lừa đảo chuyển khoản 500k ko? Ch0 vay l@i thấp #vayvon https://bit.ly/x")
            _ = normalizer.normalize("là lôi")
            _ = RequiredLiterals(pattern: #"(?:vay|cho)\s+\d+"#)
            _ = try? PCRE2Pattern(#"(?:vay|cho)+\s+\d+"#)
        }
        defer { done.wait() }  // no thread of it is left running when the caller goes on to exit
        return try body()
    }
}
