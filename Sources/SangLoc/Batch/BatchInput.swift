/// A batch's inputs as one stream of record chunks: each input read to its end before the
/// next, in chunks of `chunkSize` records, with the warnings the inputs earn once read.
///
/// It can read ahead: ``readAhead(budget:until:)`` fills chunks while the caller does
/// something else on another thread (`sangloc screen` reads the first records while the rule
/// pack compiles, which leaves a core idle most of the time). ``readChunk(untilStall:)`` hands out the
/// chunks read ahead first, then reads on; an error met while reading ahead is thrown where
/// the records stopped. So reading ahead changes nothing in what a batch reads or writes.
///
/// One thread at a time: the one reading ahead until the caller has waited for it, the caller
/// after that (which is why it may be sent to another thread).
public final class BatchInput: @unchecked Sendable {
    /// Records per chunk (the last chunk of the last input may hold fewer).
    public let chunkSize: Int
    /// A warning for each field of an input that no record had (``missingFields``) and for
    /// time values that could not be read, once that input is read.
    public private(set) var warnings: [String] = []
    /// A message for each field of an input that no record had (also in ``warnings``): a
    /// batch with any of them has failed (`sangloc screen` exits 3).
    public private(set) var missingFields: [String] = []

    private var sources: [any RecordSource]
    private var sourceIndex = 0
    /// Chunks read ahead and not yet handed out, from `earlyStart`.
    private var early: [[InputRecord]] = []
    private var earlyStart = 0
    /// The error that stopped reading ahead, thrown once the chunks before it are handed out.
    private var earlyError: InputOpenError?
    /// Whether the last chunk ended where the input stalled (see ``readChunk(untilStall:)``).
    public private(set) var stalled = false
    /// Set once a stall was reported, until a record arrives: the next read waits for input.
    private var stallReported = false

    /// How much reading ahead may hold before the chunks are taken.
    public struct Budget: Sendable {
        /// Records at most.
        public var records: Int
        /// UTF-8 bytes of post text at most.
        public var textBytes: Int

        /// A budget of `records` records and `textBytes` bytes of text.
        public init(records: Int, textBytes: Int) {
            self.records = records
            self.textBytes = textBytes
        }

        /// What `sangloc screen` reads during start-up: 32,768 records or 16 MiB of text, a
        /// bound that does not grow with the input (tens of megabytes of memory at most).
        public static let startUp = Budget(records: 32_768, textBytes: 16 << 20)
    }

    /// The inputs `sources`, read one after the other in chunks of `chunkSize` records.
    public init(_ sources: [any RecordSource], chunkSize: Int = BatchOptions.defaultChunkSize) {
        self.sources = sources
        self.chunkSize = max(1, chunkSize)
    }

    /// Reads whole chunks ahead until `stop()` returns true (asked before each chunk), the
    /// chunks reach `budget`, the inputs end, or an input fails (its error waits for
    /// ``readChunk(untilStall:)``).
    public func readAhead(budget: Budget, until stop: () -> Bool) {
        var records = 0
        var textBytes = 0
        while earlyError == nil, records < budget.records, textBytes < budget.textBytes, !stop() {
            let chunk: [InputRecord]
            do {
                chunk = try readLive()
            } catch {
                earlyError = error
                return
            }
            if chunk.isEmpty { return }
            records += chunk.count
            for record in chunk {
                if case .post(let post, _, _) = record { textBytes += post.text.utf8.count }
            }
            early.append(chunk)
        }
    }

    /// The next chunk across inputs; empty at the end.
    ///
    /// With `untilStall`, a chunk also ends where the input stalls (``RecordSource/nextRecordWouldWait``),
    /// with ``stalled`` set, possibly empty: the caller writes out what it has, and the next call
    /// waits for input. So a writer that sends some lines and waits for their records gets them.
    /// - Throws: ``InputOpenError`` when an input cannot be read any further.
    public func readChunk(untilStall: Bool = false) throws(InputOpenError) -> [InputRecord] {
        stalled = false
        if earlyStart < early.count {
            let chunk = early[earlyStart]
            early[earlyStart] = []
            earlyStart += 1
            if earlyStart == early.count {
                early = []
                earlyStart = 0
            }
            return chunk
        }
        if let error = earlyError {
            earlyError = nil
            throw error
        }
        return try readLive(untilStall: untilStall)
    }

    /// Reads the next chunk from the inputs themselves.
    private func readLive(untilStall: Bool = false) throws(InputOpenError) -> [InputRecord] {
        var chunk: [InputRecord] = []
        chunk.reserveCapacity(chunkSize)
        while sourceIndex < sources.count, chunk.count < chunkSize {
            if untilStall, !stallReported, sources[sourceIndex].nextRecordWouldWait {
                stalled = true
                stallReported = true
                return chunk
            }
            if let record = try sources[sourceIndex].next() {
                chunk.append(record)
                stallReported = false
            } else {
                let statistics = sources[sourceIndex].fieldStatistics
                missingFields += statistics.missingFieldMessages
                warnings += statistics.missingFieldMessages + statistics.valueWarnings
                sourceIndex += 1
            }
        }
        return chunk
    }
}
