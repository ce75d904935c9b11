#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CZlib

/// A stream of raw bytes: a file descriptor, or gzip data decompressed on the fly.
///
/// Each source has exactly one owner (a reader), which is why these are classes that
/// release their C resources in `deinit`.
protocol ByteSource: AnyObject {
    /// Appends up to `buffer.freeCapacity` bytes to `buffer`; appends none only at the end of
    /// the stream.
    func read(into buffer: inout OutputRawSpan) throws(InputOpenError)

    /// Whether a read may wait for a writer (a pipe, a terminal, a socket) rather than a disk.
    var canStall: Bool { get }

    /// Whether a read would return at once (bytes are waiting, or the stream has ended);
    /// asked only where ``canStall`` is true.
    func isReadable() -> Bool
}

extension ByteSource {
    /// False: bytes in memory never keep a reader waiting.
    var canStall: Bool { false }
    func isReadable() -> Bool { true }
}

/// `read(2)`, named apart from ``ByteSource/read(into:)``.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// The text of the current `errno`, as `strerror(3)` gives it.
func currentErrnoMessage() -> String {
    String(cString: strerror(errno))
}

/// A file descriptor read with `read(2)`; closed in `deinit` unless it is standard input.
final class FileDescriptorSource: ByteSource {
    let descriptor: Int32
    let displayName: String
    let canStall: Bool

    /// Opens `path` for reading (`-` is standard input) with `open(2)`.
    init(path: String) throws(InputOpenError) {
        displayName = path
        if path == "-" {
            descriptor = STDIN_FILENO
        } else {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw InputOpenError(file: path, reason: currentErrnoMessage()) }
            descriptor = fd
        }
        var status = stat()
        let type = fstat(descriptor, &status) == 0 ? status.st_mode & S_IFMT : 0
        canStall = type != S_IFREG && type != S_IFBLK
    }

    func isReadable() -> Bool {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&request, 1, 0) != 0  // ready, hung up, or an error that read(2) will report
    }

    deinit {
        if descriptor != STDIN_FILENO { close(descriptor) }
    }

    func read(into buffer: inout OutputRawSpan) throws(InputOpenError) {
        while true {
            let count = buffer.withUnsafeMutableBytes { bytes, initialized in
                let count = systemRead(descriptor, bytes.baseAddress.map { $0 + initialized }, bytes.count - initialized)
                if count > 0 { initialized += count }
                return count
            }
            if count >= 0 { return }
            if errno == EINTR { continue }
            throw .readFailed(file: displayName, reason: currentErrnoMessage())
        }
    }
}

/// Gzip data (one or more concatenated members) decompressed while streaming, with zlib's
/// `inflate` (`inflateInit2_` with window bits 15+32, so zlib detects the gzip header).
final class GzipSource: ByteSource {
    private let compressed: any ByteSource
    private let displayName: String
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableRawBufferPointer
    private var inputEnded = false
    private var streamEnded = false
    private var producedAny = false
    var canStall: Bool { compressed.canStall }

    init(wrapping compressed: any ByteSource, displayName: String) throws(InputOpenError) {
        self.compressed = compressed
        self.displayName = displayName
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(byteCount: 1 << 18, alignment: 1)
        let status = inflateInit2_(stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            input.deallocate()
            throw InputOpenError(file: displayName, reason: "zlib could not start (inflateInit2 returned \(status))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }

    /// Compressed bytes not yet inflated count as readable: they may still hold output.
    func isReadable() -> Bool {
        streamEnded || inputEnded || stream.pointee.avail_in > 0 || compressed.isReadable()
    }

    /// Up to `count` compressed bytes into `input`: how many (0 at the end of the stream).
    private func readCompressed() throws(InputOpenError) -> Int {
        var span = OutputRawSpan(buffer: input, initializedCount: 0)
        try compressed.read(into: &span)
        return span.finalize(for: input)
    }

    func read(into buffer: inout OutputRawSpan) throws(InputOpenError) {
        try buffer.withUnsafeMutableBytes { bytes, initialized throws(InputOpenError) in
            initialized += try inflateOutput(into: UnsafeMutableRawBufferPointer(rebasing: bytes[initialized...]))
        }
    }

    /// Inflates into `buffer`: how many bytes (0 only at the end of the stream).
    private func inflateOutput(into buffer: UnsafeMutableRawBufferPointer) throws(InputOpenError) -> Int {
        guard buffer.count > 0 else { return 0 }
        while !streamEnded {
            if stream.pointee.avail_in == 0 && !inputEnded {
                let count = try readCompressed()
                if count == 0 {
                    inputEnded = true
                } else {
                    stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: UInt8.self)
                    stream.pointee.avail_in = UInt32(count)
                }
            }
            stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = UInt32(min(buffer.count, Int(UInt32.max)))
            let status = inflate(stream, Z_NO_FLUSH)
            let produced = buffer.count - Int(stream.pointee.avail_out)
            switch status {
            case Z_STREAM_END:
                // Another gzip member may follow (files made with `cat a.gz b.gz`).
                if stream.pointee.avail_in == 0 {
                    let count = try readCompressed()
                    if count == 0 {
                        inputEnded = true
                        streamEnded = true
                    } else {
                        stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: UInt8.self)
                        stream.pointee.avail_in = UInt32(count)
                        inflateReset(stream)
                    }
                } else {
                    inflateReset(stream)
                }
            case Z_OK:
                break
            case Z_BUF_ERROR where !inputEnded:
                break
            case Z_BUF_ERROR:
                throw .readFailed(
                    file: displayName,
                    reason: "the gzip data ends too early (truncated file?) after \(stream.pointee.total_out) bytes")
            default:
                let detail = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                throw .readFailed(
                    file: displayName, reason: "corrupt gzip data (\(detail)) after \(stream.pointee.total_out) bytes")
            }
            if produced > 0 { return produced }
        }
        return 0
    }
}
