import Foundation

/// Reads a Facebook "Download Your Information" export in JSON: a folder, or one of its files.
///
/// A folder is walked for the files that hold what a user wrote, in sorted path order so that
/// output is stable: posts (`posts/your_posts_1.json` in old exports,
/// `your_facebook_activity/posts/*.json` and `your_activity_across_facebook/posts/*.json` since
/// 2022), comments (`comments_and_reactions/comments.json`, `comments_v2`) and group posts and
/// comments (`groups/*.json`, `group_posts_v2` / `group_comments_v2`). Other JSON files in those
/// folders (albums, videos) are skipped. Each file is one JSON document and is read whole.
///
/// Each entry of those lists yields one record, with id `<relative path>#<index>` and
/// source `SourcePosition(file: <relative path>, index: <index>)`:
/// - a post's text is its `data[].post` strings (joined by a line break when there are
///   several); when it has none, the `attachments[].data[].media.description` captions the user
///   wrote, since those are the only words of a photo post; an entry with neither (a bare
///   photo, a check-in) is still a post, with empty text, so that entries in = records out;
/// - links are `attachments[].data[].external_context.url`; the time is `timestamp`;
/// - a comment's text and author are `data[].comment.comment` and `.author`;
/// - `meta` keeps `kind` (`post`, `comment`, `group_post`, `group_comment`) and `title`.
///
/// The export writes every UTF-8 byte as its own `\u00XX` escape; every string is repaired with
/// `Latin1Mojibake.repair(_:)` (VietText) and such records carry ``InputFlags/mojibakeRepaired``.
/// Missing keys and nulls are skipped. A file that is not valid JSON yields one failure record.
///
/// A JSON array of plain records (`[{"id": …, "text": …}]`, not an export) is read too: an
/// element with none of `data`, `attachments` and `timestamp` is read like a JSON Lines
/// record, by the fields of ``InputOptions``, without mojibake repair (and fails like one when
/// it has no text field).
public struct FacebookExportRecordSource: RecordSource {
    /// One JSON file of the export: where to open it and how records name it.
    struct ExportFile {
        var path: String
        var relativePath: String
    }

    /// What kind of list a file holds.
    enum EntryKind: String {
        case post, comment, groupPost = "group_post", groupComment = "group_comment"
    }

    private let files: [ExportFile]
    private let platform: String
    private let plainFields: JSONRecordFields
    private let requireEntries: Bool
    /// The largest export file read (``InputOptions/exportFileFactor`` records' worth).
    private let maxFileBytes: Int
    private var fileIndex = 0
    /// A single file that was opened already (to sniff its format, or standard input).
    private var openedInput: BufferedInput?
    private var current: OpenFile?
    /// What the reader found in the export's entries.
    public private(set) var fieldStatistics = InputFieldStatistics(textField: "data[].post", idField: "(path#index)")

    /// A parsed file and the position of the next entry.
    private struct OpenFile {
        var input: BufferedInput
        /// The file's bytes start after this many (a byte order mark).
        var byteOrderMarkLength: Int
        var document: JSONDocument
        var file: ExportFile
        var kind: EntryKind
        var entries: [Int]
        var nextEntry = 0
    }

    /// Prepares to read an export folder or a single export file.
    ///
    /// - Throws: ``InputOpenError`` when the folder is an HTML export or holds no posts,
    ///   comments or group posts.
    init(path: String, options: InputOptions) throws(InputOpenError) {
        platform = options.platform ?? "facebook"
        plainFields = JSONRecordFields(options: options)
        maxFileBytes = options.maxRecordBytes.multipliedReportingOverflow(by: InputOptions.exportFileFactor).overflow
            ? Int.max : options.maxRecordBytes * InputOptions.exportFileFactor
        var isDirectory: ObjCBool = false
        guard path == "-" || FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputOpenError(file: path, reason: "No such file or directory")
        }
        if isDirectory.boolValue {
            files = try Self.exportFiles(inFolder: path)
            requireEntries = false
        } else {
            files = [ExportFile(path: path, relativePath: path)]
            requireEntries = true
        }
    }

    /// Prepares to read a single export file that is open already.
    init(input: BufferedInput, options: InputOptions) {
        platform = options.platform ?? "facebook"
        plainFields = JSONRecordFields(options: options)
        maxFileBytes = options.maxRecordBytes.multipliedReportingOverflow(by: InputOptions.exportFileFactor).overflow
            ? Int.max : options.maxRecordBytes * InputOptions.exportFileFactor
        files = [ExportFile(path: input.displayName, relativePath: input.displayName)]
        requireEntries = true
        openedInput = input
    }

    /// The export's JSON files that may hold posts, comments or group posts, sorted by path.
    static func exportFiles(inFolder folder: String) throws(InputOpenError) -> [ExportFile] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else {
            throw InputOpenError(file: folder, reason: "cannot list the folder")
        }
        var json: [String] = []
        var sawHTML = false
        while let relative = enumerator.nextObject() as? String {
            let lowered = relative.lowercased()
            if lowered.hasSuffix(".html") { sawHTML = true }
            guard lowered.hasSuffix(".json") || lowered.hasSuffix(".json.gz") else { continue }
            let components = relative.split(separator: "/")
            guard components.count >= 2 else { continue }
            let parent = components[components.count - 2]
            let name = components[components.count - 1]
            let isPosts = parent == "posts"
            let isComments = parent == "comments_and_reactions" && name.hasPrefix("comments")
                || parent == "comments" && name.hasPrefix("comments")
            let isGroups = parent == "groups"
            if isPosts || isComments || isGroups, isRegularFile(relative, inFolder: folder) { json.append(relative) }
        }
        if json.isEmpty {
            if sawHTML {
                throw InputOpenError(
                    file: folder,
                    reason: "this looks like an HTML export; download your information again choosing JSON")
            }
            throw InputOpenError(
                file: folder,
                reason: "no Facebook posts, comments or group posts found (looked for posts/*.json, "
                    + "comments_and_reactions/comments.json and groups/*.json)")
        }
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        return json.sorted().map { ExportFile(path: base + $0, relativePath: $0) }
    }

    /// Whether `relative` in `folder` is a regular file, or a link to one inside the folder:
    /// a FIFO would block the reading forever, a device (`/dev/zero`) never end, and a link
    /// leaving the folder read what the export never held.
    static func isRegularFile(_ relative: String, inFolder folder: String) -> Bool {
        let path = folder + "/" + relative
        var info = stat()
        guard lstat(path, &info) == 0 else { return false }
        if info.st_mode & S_IFMT == S_IFREG { return true }
        guard info.st_mode & S_IFMT == S_IFLNK, stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
              let target = realpath(path, nil), let base = realpath(folder, nil)
        else { return false }
        defer { free(target); free(base) }
        return String(cString: target).hasPrefix(String(cString: base) + "/")
    }

    /// The next entry as a record, or nil when every file is read.
    public mutating func next() throws(InputOpenError) -> InputRecord? {
        while true {
            if var open = current {
                if open.nextEntry < open.entries.count {
                    let index = open.nextEntry
                    open.nextEntry += 1
                    current = open
                    return record(in: open, entry: open.entries[index], index: index)
                }
                current = nil
            }
            guard fileIndex < files.count else { return nil }
            let file = files[fileIndex]
            fileIndex += 1
            if let failure = try open(file) { return failure }
        }
    }

    /// Opens and parses one file, making it current; returns a failure record when it is not JSON.
    private mutating func open(_ file: ExportFile) throws(InputOpenError) -> InputRecord? {
        let input = try takeInput(file)
        let limit = maxFileBytes
        guard let whole = try input.readToEnd(limit: limit) else {
            return .failure(
                InputError("\(file.relativePath) has more than \(limit) bytes, the limit for one export file "
                    + "(\(InputOptions.exportFileFactor) × --max-record-bytes): skipped"),
                SourcePosition(file: file.relativePath))
        }
        let bytes = whole.droppingByteOrderMark()
        let byteOrderMarkLength = whole.count - bytes.count
        var document = JSONDocument()
        do {
            try document.parse(bytes)
        } catch {
            return .failure(
                InputError("\(file.relativePath): \(error.message(in: bytes))"),
                SourcePosition(file: file.relativePath))
        }
        guard let (kind, list) = Self.entryList(in: document, bytes: bytes) else {
            if requireEntries {
                throw InputOpenError(
                    file: file.path,
                    reason: "no Facebook posts, comments or group posts in this JSON (expected a list of posts, "
                        + "comments_v2 or group_posts_v2)")
            }
            return nil
        }
        current = OpenFile(
            input: input, byteOrderMarkLength: byteOrderMarkLength, document: document, file: file, kind: kind,
            entries: document.elements(of: list))
        return nil
    }

    /// The input of `file`: the one opened to sniff the format, or a new one.
    private mutating func takeInput(_ file: ExportFile) throws(InputOpenError) -> BufferedInput {
        guard let openedInput else { return try openBufferedInput(path: file.path, displayName: file.relativePath) }
        self.openedInput = nil
        return openedInput
    }

    /// The list of entries in a file: a top-level array (posts) or the array under a known key.
    static func entryList(in document: JSONDocument, bytes: Span<UInt8>) -> (EntryKind, Int)? {
        let root = document.root
        switch document[root].kind {
        case .array:
            return (.post, root)
        case .object:
            let known: [(String, EntryKind)] = [
                ("comments_v2", .comment), ("group_posts_v2", .groupPost), ("group_comments_v2", .groupComment),
                ("status_updates_v2", .post),
            ]
            for (key, kind) in known {
                if let list = document.value(forKey: key.utf8, in: root, bytes: bytes), document[list].kind == .array {
                    return (kind, list)
                }
            }
            return nil
        default:
            return nil
        }
    }

    private mutating func record(in file: OpenFile, entry: Int, index: Int) -> InputRecord {
        let source = SourcePosition(file: file.file.relativePath, index: index)
        let id = "\(file.file.relativePath)#\(index)"
        let document = file.document
        let input = file.input
        let bytes = input.buffered.extracting(file.byteOrderMarkLength...)
        guard document[entry].kind == .object else {
            return .failure(
                InputError("entry \(index) is \(document[entry].kind.description), not an object", id: id), source)
        }
        if file.kind == .post,
            !["data", "attachments", "timestamp"].contains(where: {
                document.value(forKey: $0.utf8, in: entry, bytes: bytes) != nil
            })
        {
            return plainFields.record(
                document, entry, bytes: bytes, source: source, label: { "entry \(index)" }, fallbackID: { id },
                statistics: &fieldStatistics)
        }
        fieldStatistics.recordsRead += 1
        var flags: InputFlags = []
        func text(_ node: Int?) -> String? {
            guard let node, document[node].kind == .string else { return nil }
            let decoded = document.string(node, in: bytes)
            if decoded.repairedInvalidUTF8 { flags.insert(.invalidUTF8Repaired) }
            guard let repaired = Latin1Mojibake.repair(decoded.text) else { return decoded.text }
            flags.insert(.mojibakeRepaired)
            return repaired
        }
        func value(_ path: String..., in node: Int) -> Int? {
            var current = node
            for key in path {
                guard let found = document.value(forKey: key.utf8, in: current, bytes: bytes) else { return nil }
                current = found
            }
            return current
        }
        func list(_ key: String, in node: Int?) -> [Int] {
            guard let node, let found = value(key, in: node), document[found].kind == .array else { return [] }
            return document.elements(of: found).filter { document[$0].kind == .object }
        }
        func time(_ node: Int?) -> Date? {
            guard let node, document[node].kind == .number, let seconds = Double(document.rawText(node, in: bytes))
            else { return nil }
            return InputTimestamp.date(fromUnixNumber: seconds)
        }

        var post = Post(id: id, text: "", platform: platform)
        post.meta["kind"] = file.kind.rawValue
        if let title = text(value("title", in: entry)) { post.meta["title"] = title }
        post.postedAt = time(value("timestamp", in: entry))
        let data = list("data", in: entry)
        let attachmentItems = list("attachments", in: entry).flatMap { list("data", in: $0) }
        switch file.kind {
        case .post, .groupPost:
            var parts = data.compactMap { text(value("post", in: $0)) }.filter { !$0.isEmpty }
            if parts.isEmpty {
                parts = attachmentItems.compactMap { text(value("media", "description", in: $0)) }.filter { !$0.isEmpty }
            }
            post.text = parts.joined(separator: "\n")
        case .comment, .groupComment:
            let comments = data.compactMap { value("comment", in: $0) }
            post.text = comments.compactMap { text(value("comment", in: $0)) }.joined(separator: "\n")
            for comment in comments {
                if let author = text(value("author", in: comment)) {
                    post.author = author
                    break
                }
            }
            for comment in comments {
                if let commentTime = time(value("timestamp", in: comment)) {
                    post.postedAt = commentTime
                    break
                }
            }
        }
        post.links = attachmentItems.compactMap { text(value("external_context", "url", in: $0)) }
        if !post.text.isEmpty { fieldStatistics.recordsWithText += 1 }
        fieldStatistics.recordsWithID += 1
        return .post(post, source, flags: flags)
    }
}
