internal import CPCRE2

/// Per-task PCRE2 match state: match data, a match context carrying the limits, and a JIT stack.
///
/// Create one per worker task and pass it to every `PCRE2Pattern` match call that task makes;
/// it is reused across patterns and subjects, so matching allocates nothing per call beyond
/// the result array. Never share one between tasks (it is deliberately not `Sendable`).
///
/// Limits, and which engine each applies to:
/// - `matchLimit` (`pcre2_set_match_limit`) bounds the work of one `pcre2_match` call, for
///   both the interpreter and JIT-compiled patterns. This is what stops a catastrophic
///   pattern such as `(a+)+$`. JIT counts coarser steps than the interpreter (a greedy `.*`
///   giving back characters is not counted one by one), which is why `PCRE2Pattern` keeps
///   patterns flagged by `backtrackingRisks(in:)` on the interpreter.
/// - `depthLimit` (`pcre2_set_depth_limit`) bounds backtracking depth in the interpreter
///   only; **JIT matching ignores it**. Under JIT, depth is bounded by the JIT stack instead
///   (`jitStackLimit` bytes), and running out of it is reported as `.limitExceeded` as well.
/// - `heapLimitKibibytes` (`pcre2_set_heap_limit`) bounds the interpreter's backtracking
///   memory; it does not apply to JIT either (the JIT stack does).
public final class PCRE2Scratch {
    /// One ovector pair is enough: callers get the whole-match range only.
    let matchData: OpaquePointer
    let matchContext: OpaquePointer
    /// Nil when PCRE2 has no JIT support or the stack could not be allocated; JIT matching
    /// then uses PCRE2's default 32 KiB machine-stack area.
    let jitStack: OpaquePointer?

    /// The limits this scratch applies.
    public let matchLimit: UInt32
    /// The backtracking depth limit (interpreter only).
    public let depthLimit: UInt32
    /// The backtracking memory limit in KiB (interpreter only).
    public let heapLimitKibibytes: UInt32
    /// The JIT stack size limit in bytes.
    public let jitStackLimit: Int

    /// Allocates match state with the given limits.
    ///
    /// Calls `pcre2_match_data_create_8`, `pcre2_match_context_create_8`,
    /// `pcre2_set_match_limit`, `pcre2_set_depth_limit`, `pcre2_set_heap_limit`,
    /// `pcre2_jit_stack_create_8` and `pcre2_jit_stack_assign_8`. Traps only if PCRE2 cannot
    /// allocate a few hundred bytes, which means the process is out of memory.
    public init(
        matchLimit: UInt32 = 1_000_000,
        depthLimit: UInt32 = 10_000,
        heapLimitKibibytes: UInt32 = 64 * 1024,
        jitStackLimit: Int = 1024 * 1024
    ) {
        guard let matchData = pcre2_match_data_create_8(1, nil),
            let matchContext = pcre2_match_context_create_8(nil)
        else { fatalError("PCRE2 could not allocate match data: out of memory") }
        self.matchData = matchData
        self.matchContext = matchContext
        self.matchLimit = matchLimit
        self.depthLimit = depthLimit
        self.heapLimitKibibytes = heapLimitKibibytes
        self.jitStackLimit = jitStackLimit
        pcre2_set_match_limit_8(matchContext, matchLimit)
        pcre2_set_depth_limit_8(matchContext, depthLimit)
        pcre2_set_heap_limit_8(matchContext, heapLimitKibibytes)
        if PCRE2Pattern.jitIsAvailable, let stack = pcre2_jit_stack_create_8(32 * 1024, max(32 * 1024, jitStackLimit), nil) {
            jitStack = stack
            pcre2_jit_stack_assign_8(matchContext, nil, UnsafeMutableRawPointer(stack))
        } else {
            jitStack = nil
        }
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(matchContext)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    }
}
