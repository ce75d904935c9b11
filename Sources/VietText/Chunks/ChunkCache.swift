import Synchronization

/// The tokens of chunks of text (what lies between ASCII white space), normalized once and
/// reused: posts are made of a small vocabulary of surface forms (`Lừa`, `đảo,`, `500k`), so
/// most chunks of a batch were seen before.
///
/// Valid because a chunk's tokens do not depend on its neighbours once the text-level steps
/// are ruled out (`Normalizer.normalize` sends texts that need mojibake or VIQR repair,
/// Cyrillic/Greek context, phone numbers written with spaces, or marks after white space down
/// the full path). Shared by every copy of a `Normalizer` and by every task using them: one
/// `ChunkTable` that tasks read without locks and extend under one, so that a word is
/// normalized once whatever the number of workers. A full table is not cleared but replaced:
/// the texts being normalized keep the old one alive until they are done.
final class ChunkCache: Sendable {
    /// Chunks longer than this (in UTF-8 bytes) are normalized without caching.
    static let maximumChunkLength = 96
    /// Chunk lists kept for reuse; more concurrent tasks than this make lists that are dropped.
    private static let pooledLists = 16

    private struct State {
        /// Made on first use: a normalizer that never normalizes allocates no table.
        var table: ChunkTable?
        var pendingLists: [[TextChunks.PendingChunk]] = []
    }

    private let state = Mutex(State())

    /// Runs `body` with the current table and a chunk list no other task uses meanwhile.
    @inline(__always)  // `body` inlined, not given a context that copies what it captures
    func withTable<Result>(_ body: (inout TextChunks) -> Result) -> Result {
        let (table, pending) = state.withLock { state in
            (Self.current(&state), state.pendingLists.popLast() ?? [])
        }
        var chunks = TextChunks(table: table, pending: pending)
        let result = body(&chunks)
        let used = chunks.pending
        state.withLock { state in
            if state.pendingLists.count < Self.pooledLists { state.pendingLists.append(used) }
        }
        return result
    }

    /// Runs `body` with the table `scratch` keeps (the current one when it kept none, or one
    /// of another cache, or a full one) and `scratch`'s chunk list, without taking the lock.
    @inline(__always)  // as above
    func withTable<Result>(scratch: NormalizationScratch, _ body: (inout TextChunks) -> Result) -> Result {
        if scratch.cacheID != ObjectIdentifier(self) || scratch.table?.isFull ?? true {
            let table = state.withLock { Self.current(&$0) }
            scratch.keep(table, of: self)
        }
        var chunks = TextChunks(table: scratch.table!, pending: [])
        swap(&chunks.pending, &scratch.pending)  // moved, not copied
        let result = body(&chunks)
        swap(&chunks.pending, &scratch.pending)
        return result
    }

    /// The table texts use now: a new one when there is none or the last one is full.
    private static func current(_ state: inout State) -> ChunkTable {
        if let table = state.table, !table.isFull { return table }
        let table = ChunkTable()
        state.table = table
        return table
    }
}
