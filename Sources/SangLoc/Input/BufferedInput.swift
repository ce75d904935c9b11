/// A byte source read in large blocks (1 MiB) into one growable buffer, with line splitting.
///
/// Lines and peeks are views into the buffer, valid until the next call. The buffer grows
/// only when one line (or one peek) does not fit, so memory stays at about the longest line.
final class BufferedInput {
    static let blockSize = 1 << 20

    let displayName: String
    private let source: any ByteSource
    private var storage: _UnsafeByteStorage
    private var capacity: Int { storage.capacity }
    /// Unconsumed bytes are `storage[start..<end]`.
    private var start = 0
    private var end = 0
    private(set) var reachedEnd = false
    /// Whether reading may wait for a writer (``ByteSource/canStall``).
    let canStall: Bool

    init(source: any ByteSource, displayName: String) {
        self.source = source
        self.displayName = displayName
        canStall = source.canStall
        storage = _UnsafeByteStorage(capacity: Self.blockSize)
    }

    deinit { storage.deallocate() }

    /// The unconsumed bytes currently buffered.
    var buffered: Span<UInt8> {
        @_lifetime(borrow self) get { storage.span(start..<end, ownedBy: self) }
    }

    /// Replaces the storage by one of `capacity` bytes holding the unconsumed ones at `offset`.
    private func reallocate(capacity: Int, placingUnconsumedAt offset: Int) {
        let larger = _UnsafeByteStorage(capacity: capacity)
        larger.copy(start..<end, of: storage, to: offset)
        let count = end - start
        storage.deallocate()
        storage = larger
        start = offset
        end = offset + count
    }

    /// Whether a read would return at once: bytes are buffered or waiting, or the stream ended.
    func isReadable() -> Bool {
        reachedEnd || end > start || source.isReadable()
    }

    /// Whether reading the next line would wait for bytes its writer has not sent yet: no
    /// line end is buffered and nothing more can be read right now. Always false on a file.
    func nextLineWouldWait() -> Bool {
        guard canStall, !reachedEnd else { return false }
        if storage.firstIndex(of: UInt8(ascii: "\n"), in: start..<end) != nil { return false }
        return !source.isReadable()
    }

    /// Marks `count` buffered bytes as consumed.
    func consume(_ count: Int) {
        precondition(count <= end - start)
        start += count
    }

    /// Reads more bytes after the buffered ones; returns `false` at the end of the stream.
    ///
    /// Moves the unconsumed bytes to the front first, and doubles the buffer when they fill it.
    @discardableResult
    func fill() throws(InputOpenError) -> Bool {
        if reachedEnd { return false }
        if start > 0 {
            storage.move(start..<end, to: 0)
            end -= start
            start = 0
        }
        if end == capacity { reallocate(capacity: capacity * 2, placingUnconsumedAt: 0) }
        let count = try storage.append(into: end..<capacity) { (bytes) throws(InputOpenError) in try source.read(into: &bytes) }
        if count == 0 {
            reachedEnd = true
            return false
        }
        end += count
        return true
    }

    /// Puts `bytes` back in front of the unconsumed ones, to be read again.
    func unread(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        if start < bytes.count {
            reallocate(capacity: max(capacity, bytes.count + end - start), placingUnconsumedAt: bytes.count)
        }
        start -= bytes.count
        storage.copy(bytes, to: start)
    }

    /// Returns at least `count` buffered bytes when the stream has them, fewer at its end.
    @_lifetime(borrow self)
    func peek(atLeast count: Int) throws(InputOpenError) -> Span<UInt8> {
        while end - start < count, try fill() {}
        return buffered
    }

    /// Buffers the rest of the stream and returns it (for inputs that are one document).
    ///
    /// The view stays valid until the next call on this input.
    @_lifetime(borrow self)
    func readToEnd() throws(InputOpenError) -> Span<UInt8> {
        while try fill() {}
        return buffered
    }

    /// A line read with a length limit: the line, or the length of one too long to hold.
    enum BoundedLine: ~Escapable {
        case line(Span<UInt8>)
        case tooLong(bytes: Int)
    }

    /// The next line without its `\n` (and without a `\r` before it), or `nil` at the end; a
    /// last line without a final newline is still a line, an empty stream has no lines. A line
    /// of more than `limit` bytes comes back as its length: it is read through and dropped, so
    /// the buffer never grows past about `limit` bytes (a gzip bomb of one endless line costs
    /// no memory).
    @_lifetime(borrow self)
    func nextLine(limit: Int) throws(InputOpenError) -> BoundedLine? {
        // Bytes searched for the newline at most: the limit, and room for `\r\n`.
        let reach = limit > Int.max / 2 ? Int.max / 2 : limit + 2
        var scanned = 0
        while true {
            let available = end - start
            if min(available, reach) > scanned,
                let newline = storage.firstIndex(of: UInt8(ascii: "\n"), in: start + scanned..<start + min(available, reach))
            {
                return takeLine(endingAt: newline, resumingAt: newline + 1, limit: limit)
            }
            scanned = min(available, reach)
            if available >= reach { return .tooLong(bytes: try skipLine()) }
            if try !fill() {
                guard end > start else { return nil }
                return takeLine(endingAt: end, resumingAt: end, limit: limit)
            }
        }
    }

    /// The buffered line from `start` to `lineEnd` (a `\r` before it cut off), consumed up to
    /// `next`: as a line, or as its length when it has more than `limit` bytes.
    @_lifetime(borrow self)
    private func takeLine(endingAt lineEnd: Int, resumingAt next: Int, limit: Int) -> BoundedLine {
        var lineEnd = lineEnd
        if lineEnd > start && storage[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
        let lineStart = start
        start = next
        guard lineEnd - lineStart <= limit else { return .tooLong(bytes: lineEnd - lineStart) }
        return .line(storage.span(lineStart..<lineEnd, ownedBy: self))
    }

    /// Drops the rest of the current line and its newline; returns how many bytes it had
    /// (without the newline, or a `\r` before it).
    func skipLine() throws(InputOpenError) -> Int {
        var count = 0
        while true {
            let available = end - start
            if let newline = storage.firstIndex(of: UInt8(ascii: "\n"), in: start..<end) {
                let length = newline - start
                count += length
                if length > 0, storage[start + length - 1] == UInt8(ascii: "\r") { count -= 1 }
                start += length + 1
                return count
            }
            count += available
            start = end
            if try !fill() { return count }
        }
    }

    /// The rest of the stream when it has at most `limit` bytes; nil when it has more (what
    /// was read is dropped and the rest left unread).
    @_lifetime(borrow self)
    func readToEnd(limit: Int) throws(InputOpenError) -> Span<UInt8>? {
        while end - start <= limit, try fill() {}
        guard end - start <= limit else {
            start = end
            return nil
        }
        return buffered
    }
}

extension Span<UInt8> {
    /// The bytes without a leading UTF-8 byte order mark.
    @_lifetime(copy self)
    func droppingByteOrderMark() -> Span<UInt8> {
        guard count >= 3, self[0] == 0xEF, self[1] == 0xBB, self[2] == 0xBF else { return self }
        return extracting(3...)
    }
}
