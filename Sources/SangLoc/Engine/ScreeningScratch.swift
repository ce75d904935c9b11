/// Per-task working state: PCRE2 match data and limits, the normalizer's and the walk's
/// arrays. Never shared between tasks; one may serve several rule sets in turn.
public final class ScreeningScratch {
    let regex: PCRE2Scratch
    /// This task's state for normalizing posts.
    let normalization = NormalizationScratch()
    /// The per-post arrays of the term walk, kept to reuse their storage.
    var walkBuffers = TermWalker.Buffers()
    /// The per-post arrays of `PostContext`, kept to reuse their storage.
    var contextBuffers = PostContext.Buffers()

    /// Empty working state; it grows to the largest post screened with it.
    public init() {
        regex = PCRE2Scratch()
    }
}
