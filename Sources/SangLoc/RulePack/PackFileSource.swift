import Foundation

/// Where pack files come from: the file system, or an in-memory set of files (the embedded default pack).
///
/// `RulePackLoader` asks a source for the root pack file, for every file it includes and for
/// every wordlist. Paths are `/`-separated; a source decides what they are relative to.
public protocol PackFileSource: Sendable {
    /// Returns the bytes of the file at `path`, or nil when there is no such file.
    ///
    /// Throws when the file exists but cannot be read (a directory, no permission).
    func read(_ path: String) throws -> [UInt8]?

    /// Returns the path of `relative` as written in the file at `base` (an `include:` entry or a
    /// wordlist `file:`): relative to the directory of `base`, unless `relative` is absolute.
    func resolve(_ relative: String, from base: String) -> String

    /// Returns where `path` was looked for, for "not found" messages (an absolute path on disk).
    func lookedUpLocation(of path: String) -> String
}

extension PackFileSource {
    /// `relative` resolved against the folder of `base`.
    public func resolve(_ relative: String, from base: String) -> String {
        PackPath.resolve(relative, from: base)
    }

    /// Where `path` was looked for, for a "not found" message.
    public func lookedUpLocation(of path: String) -> String { path }
}

/// Pack files on disk; relative paths are relative to the current directory.
public struct FileSystemPackSource: PackFileSource {
    /// A source reading the file system.
    public init() {}

    /// The file's bytes, or nil when there is no such file.
    public func read(_ path: String) throws -> [UInt8]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue {
            throw PackFileReadError(message: "is a directory, not a file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PackFileReadError(message: "cannot be read (check its permissions)")
        }
        return [UInt8](data)
    }

    /// Where `path` was looked for, for a "not found" message.
    public func lookedUpLocation(of path: String) -> String {
        if path.hasPrefix("/") { return PackPath.normalize(path) }
        return PackPath.normalize(FileManager.default.currentDirectoryPath + "/" + path)
    }
}

/// Pack files held in memory by path, such as the default pack embedded in the library.
public struct InMemoryPackSource: PackFileSource {
    /// File contents by normalized path (`packs/default.yaml`, `packs/wordlists/scam.txt`).
    public var files: [String: String]

    /// Creates a source from file contents keyed by path; `./` and `../` in keys are resolved.
    public init(files: [String: String]) {
        var normalized: [String: String] = [:]
        for (path, text) in files { normalized[PackPath.normalize(path)] = text }
        self.files = normalized
    }

    /// The file's bytes, or nil when there is no such file.
    public func read(_ path: String) throws -> [UInt8]? {
        files[PackPath.normalize(path)].map { Array($0.utf8) }
    }
}

/// A file that exists but could not be read.
struct PackFileReadError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Lexical `/`-separated path arithmetic shared by the pack sources (no file system access).
enum PackPath {
    /// Joins `relative` to the directory of `base` unless it is absolute, then normalizes.
    static func resolve(_ relative: String, from base: String) -> String {
        if relative.hasPrefix("/") { return normalize(relative) }
        guard let slash = base.lastIndex(of: "/") else { return normalize(relative) }
        return normalize(String(base[...slash]) + relative)
    }

    /// Removes `.` components, empty components and `dir/..` pairs; keeps leading `..`.
    static func normalize(_ path: String) -> String {
        let isAbsolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".":
                continue
            case "..":
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !isAbsolute {
                    parts.append(part)
                }
            default:
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if isAbsolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
