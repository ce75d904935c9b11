internal import CPCRE2

/// A compiled PCRE2 pattern for matching UTF-8 text, JIT-compiled when the platform allows.
///
/// Build one per rule and share it between every worker task: each task matches with its own
/// `PCRE2Scratch`.
// @unchecked: `code` is written only in `init`, and PCRE2 allows one compiled pattern on many
// threads, each with its own match data (`PCRE2Scratch`).
public final class PCRE2Pattern: @unchecked Sendable {
    /// Compile options beyond the always-on Unicode mode; our own bits, mapped to PCRE2's
    /// flags inside the library (`pcre2Flags`).
    public struct Options: OptionSet, Sendable, Hashable {
        /// The option bits (SangLoc's own, not PCRE2's).
        public let rawValue: UInt8
        /// Options from their bits.
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// Letters match in either case, Unicode-aware (like `(?i)`).
        public static let caseless = Options(rawValue: 1 << 0)
        /// `^` and `$` also match at line starts and ends (like `(?m)`).
        public static let multiline = Options(rawValue: 1 << 1)
        /// `.` also matches a newline (like `(?s)`).
        public static let dotAll = Options(rawValue: 1 << 2)
        /// Whitespace and `#` comments in the pattern are ignored (like `(?x)`).
        public static let extended = Options(rawValue: 1 << 3)
        /// Quantifiers are lazy by default and greedy when followed by `?`.
        public static let ungreedy = Options(rawValue: 1 << 4)
        /// Matches only where a search starts: a search from byte `n` tries position `n` and
        /// no other.
        public static let anchored = Options(rawValue: 1 << 5)

        /// The PCRE2 compile flags of these options.
        var pcre2Flags: UInt32 {
            let flags: [(Options, UInt32)] = [
                (.caseless, PCRE2_CASELESS), (.multiline, PCRE2_MULTILINE), (.dotAll, PCRE2_DOTALL),
                (.extended, PCRE2_EXTENDED), (.ungreedy, PCRE2_UNGREEDY), (.anchored, PCRE2_ANCHORED),
            ]
            return flags.reduce(0) { contains($1.0) ? $0 | $1.1 : $0 }
        }
    }

    /// The pattern text as given to `init`.
    public let pattern: String
    /// The options given to `init`.
    public let options: Options
    let code: OpaquePointer

    /// Compiles `pattern` for UTF-8 subjects, then JIT-compiles it when possible.
    ///
    /// Calls `pcre2_compile_8` with `PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C` plus
    /// `options`: `\w`, `\b`, `\d` and case folding follow Unicode, so Vietnamese letters are
    /// word characters, and `\C` (which could split a character) is refused. Then calls
    /// `pcre2_jit_compile_8`, except for patterns that `backtrackingRisks(in:)` flags: JIT's
    /// match limit does not count each character a greedy `.*` gives back, so such a pattern
    /// could run for seconds within its limit, while the interpreter counts every step. If
    /// JIT is unavailable or fails, matching uses the interpreter too.
    /// - Throws: `PCRE2CompileError` with PCRE2's message and the error position.
    public convenience init(_ pattern: String, options: Options = []) throws(PCRE2CompileError) {
        try self.init(pattern, options: options, allowJIT: Self.backtrackingRisks(in: pattern).isEmpty)
    }

    /// Compiles `pattern`, JIT-compiling it only when `allowJIT` is true and JIT works here.
    init(_ pattern: String, options: Options, allowJIT: Bool) throws(PCRE2CompileError) {
        self.pattern = pattern
        self.options = options
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        let compileOptions = PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C | options.pcre2Flags
        var utf8 = Array(pattern.utf8)
        // PCRE2 takes an explicit length; the sentinel keeps the pointer valid for "".
        let length = utf8.count
        utf8.append(0)
        let compiled = utf8.withUnsafeBufferPointer { bytes in
            pcre2_compile_8(bytes.baseAddress, length, compileOptions, &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            throw PCRE2CompileError(
                message: pcre2ErrorMessage(errorCode), code: errorCode, byteOffset: errorOffset, pattern: pattern)
        }
        code = compiled
        if allowJIT && Self.jitIsAvailable {
            // A failure here (no executable memory, unsupported construct) only costs speed.
            _ = pcre2_jit_compile_8(code, PCRE2_JIT_COMPLETE)
        }
        runsJIT = isJITCompiled
        prefilter = Prefilter(minimumLength: minimumLength, byte: requiredByte, bothCases: requiredByteIgnoresASCIICase)
    }

    /// What `mayMatch(in:)` checks, read from PCRE2 once at compile time.
    struct Prefilter {
        var minimumLength = 0
        var byte: UInt8?
        var bothCases = false
    }

    /// Set once, at the end of `init`; read-only afterwards.
    private(set) var prefilter = Prefilter()
    /// Whether JIT code was made (`isJITCompiled`, asked once for the match calls). Set once,
    /// at the end of `init`; read-only afterwards.
    private(set) var runsJIT = false

    deinit {
        pcre2_code_free_8(code)
    }

    /// This pattern compiled `.anchored`, for `matches(in:startingOnlyAt:)`, which tries one
    /// position per call: PCRE2 sets JIT code aside for its interpreter when anchoring is
    /// asked for at match time, not when the pattern was compiled anchored, and an
    /// interpreted call costs several times a JIT one. Nil when this pattern is not JIT-compiled (the interpreter
    /// anchors at match time as cheaply) or already anchored.
    public func anchoredForJIT() -> PCRE2Pattern? {
        guard runsJIT, !options.contains(.anchored) else { return nil }
        return try? PCRE2Pattern(pattern, options: options.union(.anchored), allowJIT: true)
    }

    /// Whether this PCRE2 build has JIT support (`pcre2_config_8(PCRE2_CONFIG_JIT)`).
    static let jitIsAvailable: Bool = {
        var available: UInt32 = 0
        return pcre2_config_8(UInt32(PCRE2_CONFIG_JIT), &available) >= 0 && available == 1
    }()

    /// Whether matching runs JIT-compiled machine code (`PCRE2_INFO_JITSIZE` is non-zero).
    public var isJITCompiled: Bool {
        var size: Int = 0
        return pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_JITSIZE), &size) == 0 && size > 0
    }

    /// Number of capturing groups in the pattern (`PCRE2_INFO_CAPTURECOUNT`).
    public var captureGroupCount: Int {
        Int(info(PCRE2_INFO_CAPTURECOUNT))
    }

    /// The fewest characters any match has (`PCRE2_INFO_MINLENGTH`); a lower bound, since
    /// PCRE2 computes it conservatively. Counted in characters, not bytes.
    public var minimumLength: Int {
        Int(info(PCRE2_INFO_MINLENGTH))
    }

    /// Whether the pattern can match the empty string (`PCRE2_INFO_MATCHEMPTY`).
    public var canMatchEmpty: Bool {
        info(PCRE2_INFO_MATCHEMPTY) == 1
    }

    /// A `uint32_t` item from `pcre2_pattern_info_8`; 0 if PCRE2 rejects the request.
    func info(_ what: Int32) -> UInt32 {
        var value: UInt32 = 0
        return pcre2_pattern_info_8(code, UInt32(what), &value) == 0 ? value : 0
    }
}
