/// A destination of output records, fed one call per input record in input order: JSON Lines
/// (``JSONLinesRecordWriter``), CSV (``CSVRecordWriter``) and the HTML review page
/// (``ReviewReport``) take the same calls, so a batch renders records without knowing which.
public protocol RecordWriter {
    /// Adds the record of a screened post; `flags` say what reading the post repaired.
    mutating func add(post: Post, screening: Screening, source: SourcePosition?, flags: InputFlags)
    /// Adds the record of an input record that could not be read.
    mutating func add(error: InputError, source: SourcePosition)
}

/// A writer of records as bytes, one chunk of records at a time: a batch's workers each start
/// one per chunk (reusing an earlier chunk's storage) and the batch writes the bytes in order.
protocol ChunkRecordWriter: RecordWriter, SendableMetatype {
    /// A writer that appends to `buffer` emptied, adding each post's text with `includeText`.
    init(includeText: Bool, reusing buffer: consuming [UInt8])
    /// What the records rendered so far.
    var bytes: [UInt8] { get }
    /// Bytes the output starts with before any record (a header row).
    static func header(includeText: Bool) -> String
}

/// The output record of docs/design.md §6 as JSON Lines: ``ScreeningRecord`` and a line feed.
public struct JSONLinesRecordWriter: RecordWriter, ChunkRecordWriter {
    private var json: JSONWriter
    private let includeText: Bool

    /// A writer of JSON Lines, with each post's text (as read) when `includeText` is set.
    public init(includeText: Bool = false) {
        self.init(includeText: includeText, reusing: [])
    }

    init(includeText: Bool, reusing buffer: consuming [UInt8]) {
        json = JSONWriter(reusing: buffer)
        self.includeText = includeText
    }

    /// The lines written so far, each ending with a line feed.
    public var bytes: [UInt8] { json.bytes }

    static func header(includeText: Bool) -> String { "" }

    public mutating func add(post: Post, screening: Screening, source: SourcePosition?, flags: InputFlags) {
        ScreeningRecord.write(
            id: post.id, screening: screening, source: source, repairs: flags.repairNames,
            text: includeText ? post.text : nil, to: &json)
        json.endLine()
    }

    public mutating func add(error: InputError, source: SourcePosition) {
        ScreeningRecord.writeError(error, source: source, to: &json)
        json.endLine()
    }
}

extension InputFlags {
    /// Names of the repairs for the output record's `repairs`: `invalid-utf8`, `mojibake`.
    public var repairNames: [String] {
        var names: [String] = []
        if contains(.invalidUTF8Repaired) { names.append("invalid-utf8") }
        if contains(.mojibakeRepaired) { names.append("mojibake") }
        return names
    }
}
