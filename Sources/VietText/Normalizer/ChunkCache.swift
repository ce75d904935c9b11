import Synchronization

/// The tokens of chunks of text (what lies between ASCII white space), normalized once and
/// reused: posts are made of a small vocabulary of surface forms (`Lừa`, `đảo,`, `500k`), so
/// most chunks of a batch were seen before.
///
/// Valid because a chunk's tokens do not depend on its neighbours once the text-level steps
/// are ruled out (`Normalizer.normalize` sends texts that need mojibake or VIQR repair,
/// Cyrillic/Greek context, phone numbers written with spaces, or marks after white space down
/// the full path). Ranges are relative to the chunk. Shared by every copy of a `Normalizer` and
/// safe across tasks: sharded, each shard behind a mutex, bounded in size.
final class ChunkCache: Sendable {
    struct Entry: Sendable {
        /// Tokens with ranges relative to the chunk; `sentence` relative to the chunk's first.
        var tokens: [Token]
        /// The chunk ends with sentence-final punctuation (`.`, `!`, `?`, `…`).
        var endsSentence: Bool
    }

    private final class Shard: Sendable {
        /// Entries by the 64-bit hash of the chunk's bytes; the chunk itself is kept to check.
        let entries = Mutex<[UInt64: (chunk: String, entry: Entry)]>([:])
    }

    /// Chunks longer than this (in UTF-8 bytes) are normalized without caching.
    static let maximumChunkLength = 96
    private static let shardCount = 8
    private static let entriesPerShard = 16_384
    private let shards: [Shard] = (0..<ChunkCache.shardCount).map { _ in Shard() }

    /// The entry for a chunk, computing and storing it on a miss. The chunk's text is compared
    /// byte for byte (no Unicode equivalence: `hoà` and `hòa` have different tokens' texts).
    func entry(for bytes: UnsafeBufferPointer<UInt8>, compute: (String) -> Entry) -> Entry {
        guard bytes.count <= Self.maximumChunkLength else { return compute(String(decoding: bytes, as: UTF8.self)) }
        let hash = ByteHash.of(bytes)
        let shard = shards[Int(hash % UInt64(Self.shardCount))]
        let cached = shard.entries.withLock { $0[hash] }
        if let cached, cached.chunk.utf8.elementsEqual(bytes) { return cached.entry }
        let text = String(decoding: bytes, as: UTF8.self)
        let entry = compute(text)
        if cached == nil {
            shard.entries.withLock { entries in
                if entries.count >= Self.entriesPerShard { entries.removeAll(keepingCapacity: true) }
                entries[hash] = (text, entry)
            }
        }
        return entry
    }
}
