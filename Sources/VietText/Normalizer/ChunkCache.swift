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

    /// A chunk's text, hashed and compared as UTF-8 bytes (no Unicode equivalence: the cache
    /// must tell `hoà` from `hòa` apart, as their tokens' texts differ).
    struct Key: Hashable, Sendable {
        let text: String
        func hash(into hasher: inout Hasher) {
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
        static func == (a: Key, b: Key) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }
    }

    private final class Shard: Sendable {
        let entries = Mutex<[Key: Entry]>([:])
    }

    /// Chunks longer than this (in UTF-8 bytes) are normalized without caching.
    static let maximumChunkLength = 96
    private static let shardCount = 8
    private static let entriesPerShard = 16_384
    private let shards: [Shard] = (0..<ChunkCache.shardCount).map { _ in Shard() }

    private func shard(for bytes: UnsafeBufferPointer<UInt8>) -> Shard {
        var hash: UInt32 = 2_166_136_261
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return shards[Int(hash % UInt32(Self.shardCount))]
    }

    /// The entry for a chunk, computing and storing it on a miss.
    func entry(for bytes: UnsafeBufferPointer<UInt8>, compute: (String) -> Entry) -> Entry {
        let text = String(decoding: bytes, as: UTF8.self)
        guard bytes.count <= Self.maximumChunkLength else { return compute(text) }
        let key = Key(text: text)
        let shard = shard(for: bytes)
        if let found = shard.entries.withLock({ $0[key] }) { return found }
        let entry = compute(text)
        shard.entries.withLock { entries in
            if entries.count >= Self.entriesPerShard { entries.removeAll(keepingCapacity: true) }
            entries[key] = entry
        }
        return entry
    }
}
