#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A byte source read in large blocks (1 MiB) into one growable buffer, with line splitting.
///
/// Lines and peeks are views into the buffer, valid until the next call. The buffer grows
/// only when one line (or one peek) does not fit, so memory stays at about the longest line.
final class BufferedInput {
    static let blockSize = 1 << 20

    let displayName: String
    private let source: any ByteSource
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Unconsumed bytes are `storage[start..<end]`.
    private var start = 0
    private var end = 0
    private(set) var reachedEnd = false

    init(source: any ByteSource, displayName: String) {
        self.source = source
        self.displayName = displayName
        capacity = Self.blockSize
        storage = .allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    /// The unconsumed bytes currently buffered.
    var buffered: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage + start, count: end - start) }

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
            let count = end - start
            if count > 0 { storage.update(from: storage + start, count: count) }
            start = 0
            end = count
        }
        if end == capacity {
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            larger.update(from: storage, count: end)
            storage.deallocate()
            storage = larger
            capacity *= 2
        }
        let count = try source.read(into: UnsafeMutableRawBufferPointer(start: storage + end, count: capacity - end))
        if count == 0 {
            reachedEnd = true
            return false
        }
        end += count
        return true
    }

    /// Returns at least `count` buffered bytes when the stream has them, fewer at its end.
    func peek(atLeast count: Int) throws(InputOpenError) -> UnsafeBufferPointer<UInt8> {
        while end - start < count, try fill() {}
        return buffered
    }

    /// The next line without its `\n` (and without a `\r` before it), or `nil` at the end.
    ///
    /// A last line without a final newline is still a line; an empty stream has no lines.
    func nextLine() throws(InputOpenError) -> UnsafeBufferPointer<UInt8>? {
        var scanned = 0
        while true {
            let available = end - start
            if available > scanned,
                let found = memchr(storage + start + scanned, Int32(UInt8(ascii: "\n")), available - scanned)
            {
                let newline = found.assumingMemoryBound(to: UInt8.self) - storage
                var lineEnd = newline
                if lineEnd > start && storage[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                let line = UnsafeBufferPointer(start: storage + start, count: lineEnd - start)
                start = newline + 1
                return line
            }
            scanned = available
            if try !fill() {
                guard end > start else { return nil }
                var lineEnd = end
                if storage[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                let line = UnsafeBufferPointer(start: storage + start, count: lineEnd - start)
                start = end
                return line
            }
        }
    }

    /// Buffers the rest of the stream and returns it (for inputs that are one document).
    ///
    /// The view stays valid until the next call on this input.
    func readToEnd() throws(InputOpenError) -> UnsafeBufferPointer<UInt8> {
        while try fill() {}
        return buffered
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The bytes without a leading UTF-8 byte order mark.
    func droppingByteOrderMark() -> UnsafeBufferPointer<UInt8> {
        guard count >= 3, self[0] == 0xEF, self[1] == 0xBB, self[2] == 0xBF else { return self }
        return UnsafeBufferPointer(rebasing: self[3...])
    }
}
