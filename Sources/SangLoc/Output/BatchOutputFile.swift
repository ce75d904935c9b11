import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered destination for a batch's records: standard output, or a file written under a
/// temporary name in the same folder and renamed over the target by ``commit()`` (docs/design.md §7),
/// so a reader of the target never sees half a batch. A target that is not a regular file (a
/// device such as `/dev/null`, a named pipe) is written directly: renaming a file over it
/// would replace the device or pipe itself.
public final class BatchOutputFile {
    /// The file the output is meant for (`nil` for standard output).
    public let path: String?
    /// Where the output is written until ``commit()`` (`nil` for standard output).
    public let temporaryPath: String?
    private var fd: Int32
    private var buffer: [UInt8] = []
    /// The permissions the file gets when committed (a temporary file is created 0600).
    private var mode: mode_t = 0o644
    private static let bufferLimit = 1 << 16

    private init(fd: Int32, path: String?, temporaryPath: String?) {
        self.fd = fd
        self.path = path
        self.temporaryPath = temporaryPath
        buffer.reserveCapacity(Self.bufferLimit * 2)
    }

    /// Standard output.
    public static func standardOutput() -> BatchOutputFile {
        BatchOutputFile(fd: 1, path: nil, temporaryPath: nil)
    }

    /// Creates `.<name>.<pid>.tmp` beside `path` (beside the file a symbolic link leads to, so
    /// the link stays) for writing; opens `path` itself when it exists and is not a regular file.
    ///
    /// The temporary file is created new (`O_EXCL | O_NOFOLLOW`, mode 0600), so a link planted
    /// under its name is never followed; ``commit()`` gives it the replaced file's mode (0644
    /// less the umask for a new file). Temporary files of earlier runs whose process is gone
    /// are removed.
    /// - Throws: ``BatchOutputError`` when the temporary file (or the device) cannot be opened.
    public static func replacing(_ path: String) throws(BatchOutputError) -> BatchOutputFile {
        var target = path
        var info = stat()
        let mask = umask(0)
        umask(mask)
        var mode = 0o644 & ~mask
        if stat(path, &info) == 0 {
            if info.st_mode & S_IFMT != S_IFREG {
                let fd = open(path, O_WRONLY | O_CLOEXEC)
                guard fd >= 0 else { throw BatchOutputError(file: path, errno: errno) }
                return BatchOutputFile(fd: fd, path: path, temporaryPath: nil)
            }
            mode = info.st_mode & 0o7777
            if let resolved = realpath(path, nil) {
                target = String(cString: resolved)
                free(resolved)
            }
        }
        let url = URL(fileURLWithPath: target)
        let folder = url.deletingLastPathComponent().path
        removeStaleTemporaryFiles(in: folder, name: url.lastPathComponent)
        let temporary = folder + "/." + url.lastPathComponent + ".\(getpid()).tmp"
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC
        var fd = open(temporary, flags, 0o600)
        if fd < 0, errno == EEXIST {
            // Left by an earlier process that had our id: removing a name never follows a link.
            unlink(temporary)
            fd = open(temporary, flags, 0o600)
        }
        guard fd >= 0 else { throw BatchOutputError(file: path, errno: errno) }
        let file = BatchOutputFile(fd: fd, path: target, temporaryPath: temporary)
        file.mode = mode
        return file
    }

    /// Removes `.<name>.<pid>.tmp` files in `folder` whose process no longer runs (left by a
    /// run killed with SIGKILL, or a crash).
    static func removeStaleTemporaryFiles(in folder: String, name: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        let prefix = "." + name + "."
        for entry in entries where entry.hasPrefix(prefix) && entry.hasSuffix(".tmp") {
            let middle = entry.dropFirst(prefix.count).dropLast(4)
            guard let pid = Int32(middle), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(folder + "/" + entry) }
        }
    }

    /// Writes `text` to `path` as one file made by ``replacing(_:)`` (renamed over `path` once
    /// complete, or the device written directly); a failed write leaves no temporary file.
    /// - Throws: ``BatchOutputError`` when the file cannot be written.
    public static func replace(_ path: String, with text: String) throws(BatchOutputError) {
        let file = try replacing(path)
        do throws(BatchOutputError) {
            try file.write(text)
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
    }

    /// Appends text; writes once the buffer is full.
    public func write(_ text: String) throws(BatchOutputError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.bufferLimit { try flush() }
    }

    /// Appends UTF-8 bytes; a block at least as large as the buffer goes straight to the file
    /// (after what is buffered), without being copied.
    public func write(_ bytes: [UInt8]) throws(BatchOutputError) {
        if buffer.count + bytes.count < Self.bufferLimit {
            buffer.append(contentsOf: bytes)
            return
        }
        try flush()
        if bytes.count >= Self.bufferLimit {
            try writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Writes what is buffered.
    public func flush() throws(BatchOutputError) {
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        try writeAll(buffer)
    }

    /// `write(2)` until every byte is written: the one C call of the writer.
    private func writeAll(_ bytes: [UInt8]) throws(BatchOutputError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw BatchOutputError(file: path ?? "standard output", errno: errno)
            }
            offset += n
        }
    }

    /// Removes the temporary file if SIGINT or SIGTERM ends the process before ``commit()`` or
    /// ``discard()`` (which exit 130 or 143, as the shell reports a signal): a killed run leaves
    /// no half-written file behind. Nothing to do for standard output or a device.
    public func removeOnInterrupt() {
        if let temporaryPath { InterruptCleanup.install(removing: temporaryPath) }
    }

    /// Writes what is buffered and, for a file, renames the temporary file over the target
    /// (a device or pipe written directly is closed).
    public func commit() throws(BatchOutputError) {
        defer { if let temporaryPath { InterruptCleanup.uninstall(removing: temporaryPath) } }
        try flush()
        guard let path, fd >= 0 else { return }
        guard let temporaryPath else {
            close(fd)
            fd = -1
            return
        }
        let modeSet = fchmod(fd, mode) == 0
        let code = errno
        close(fd)
        fd = -1
        guard modeSet else {
            unlink(temporaryPath)
            throw BatchOutputError(file: path, errno: code)
        }
        guard rename(temporaryPath, path) == 0 else {
            let code = errno
            unlink(temporaryPath)
            throw BatchOutputError(file: path, errno: code)
        }
    }

    /// Removes the temporary file, leaving any previous target untouched (closes a device or
    /// pipe written directly).
    public func discard() {
        defer { if let temporaryPath { InterruptCleanup.uninstall(removing: temporaryPath) } }
        guard path != nil, fd >= 0 else { return }
        close(fd)
        fd = -1
        if let temporaryPath { unlink(temporaryPath) }
    }

    deinit { discard() }
}

/// The output cannot be written: `cannot write 'out.jsonl': No space left on device`.
public struct BatchOutputError: Error, Sendable, CustomStringConvertible {
    /// The file that could not be written.
    public var file: String
    /// Why, as the system said.
    public var reason: String

    init(file: String, errno code: Int32) {
        self.file = file
        self.reason = String(cString: strerror(code))
    }

    /// `cannot write 'FILE': reason`.
    public var description: String { "cannot write '\(file)': \(reason)" }
}
