/// One task's state for normalizing text after text (`Normalizer.normalize(_:scratch:)`): the
/// chunk table it reads, its list of a text's chunks and the working arrays of new chunks.
/// Kept by that task and never shared: a text then takes no lock and borrows from no pool.
package final class NormalizationScratch {
    /// The table the task reads, from the cache `cacheID` names.
    private(set) var table: ChunkTable?
    /// The cache the table is from, kept alive so that its identity stays unique.
    private(set) var cacheID: ObjectIdentifier?
    private var keptCache: ChunkCache?
    /// The chunks of the text being normalized (storage reused from text to text).
    var pending: [TextChunks.PendingChunk] = []
    /// The working arrays of new chunks, from text to text.
    var chunkScratch: ChunkScratch?

    /// Empty state; it keeps a table at its first text.
    package init() {}

    /// Keeps `table` of `cache` for the next texts.
    func keep(_ table: ChunkTable, of cache: ChunkCache) {
        self.table = table
        keptCache = cache
        cacheID = ObjectIdentifier(cache)
    }
}
