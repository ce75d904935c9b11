public import Foundation

/// The layout of an input file.
public enum InputFormat: String, Sendable, CaseIterable {
    /// Decide from the file name (`.jsonl`, `.ndjson`, `.json`, `.csv`, `.tsv`, `.txt`, each
    /// optionally followed by `.gz`), then from the first bytes; a directory is a Facebook export.
    case auto
    /// One JSON object per line.
    case jsonl
    /// RFC 4180 CSV with a header row (any one-byte delimiter).
    case csv
    /// A Facebook "Download Your Information" JSON export: a folder or one of its JSON files.
    case facebook
    /// Plain text: one post per line, or the whole file as one post.
    case text
}

/// How to read posts out of an input: which fields hold what, and the file's layout.
public struct InputOptions: Sendable {
    /// The field holding the post's id. JSON: a dotted path; CSV: a column name.
    public var idField: String
    /// The field holding the post's text. JSON: a dotted path such as `data.message`; CSV: a column name.
    public var textField: String
    /// The field holding links: a string or an array of strings.
    public var linksField: String?
    /// The field holding the author's name or id (a string or a number).
    public var authorField: String?
    /// The field holding the publication time: Unix seconds (a number or a numeric string) or ISO 8601.
    public var timeField: String?
    /// The platform to record on every post (`zalo`, `facebook`...). Facebook exports default to `facebook`.
    public var platform: String?
    /// The CSV field delimiter. When ``detectsDelimiter`` is set, the one the header line holds
    /// most of (`,`, `;` or tab) replaces it.
    public var delimiter: UInt8
    /// Whether the CSV delimiter is found from the header line (comma, semicolon or tab,
    /// whichever it holds most outside quotes; a comma when it holds none) rather than given.
    public var detectsDelimiter: Bool
    /// For text input: the whole file is one post instead of one post per line.
    public var wholeFile: Bool
    /// The layout of the input.
    public var format: InputFormat
    /// The largest record read, in bytes (a line of JSON Lines or text, a whole-file post); a
    /// larger one becomes an error record naming its size, read through without being held.
    /// A Facebook export file, one document of many posts, may be `exportFileFactor` times larger.
    public var maxRecordBytes: Int

    /// `maxRecordBytes` by default: 1 MiB.
    public static let defaultMaxRecordBytes = 1 << 20
    /// How many records' worth of bytes one Facebook export file may hold.
    public static let exportFileFactor = 64

    /// The zone in which times without a zone (`2026-11-20 08:15:00`) are read: by default the
    /// zone of rule packs, ``RulePack/defaultTimeZone``; `sangloc screen` uses the pack's.
    public var timeZone: TimeZone

    /// Options; by default fields `id` and `text`, the delimiter detected, the format from the name or content, records up to 1 MiB, times without a zone read in Asia/Ho_Chi_Minh.
    public init(
        idField: String = "id", textField: String = "text", linksField: String? = nil,
        authorField: String? = nil, timeField: String? = nil, platform: String? = nil,
        delimiter: UInt8? = nil, wholeFile: Bool = false, format: InputFormat = .auto,
        maxRecordBytes: Int = InputOptions.defaultMaxRecordBytes,
        timeZone: TimeZone = TimeZone(identifier: RulePack.defaultTimeZone)!
    ) {
        self.maxRecordBytes = maxRecordBytes
        self.timeZone = timeZone
        self.idField = idField
        self.textField = textField
        self.linksField = linksField
        self.authorField = authorField
        self.timeField = timeField
        self.platform = platform
        self.delimiter = delimiter ?? UInt8(ascii: ",")
        detectsDelimiter = delimiter == nil
        self.wholeFile = wholeFile
        self.format = format
    }
}

extension InputOptions {
    /// The delimiter a name gives (`--delimiter`): one ASCII character, or `tab` (or `\t`).
    /// - Throws: ``InvalidOptionValue`` saying what is allowed.
    public static func delimiter(named name: String) throws(InvalidOptionValue) -> UInt8 {
        if name == "tab" || name == "\\t" { return UInt8(ascii: "\t") }
        guard name.utf8.count == 1, let byte = name.utf8.first else {
            throw InvalidOptionValue("must be one ASCII character or 'tab' (got '\(name)')")
        }
        return byte
    }
}

/// An option's value that cannot be read, with why: `must be one ASCII character or 'tab' (got ';;')`.
public struct InvalidOptionValue: Error, Sendable, CustomStringConvertible {
    /// What is wrong, without the option's name.
    public var description: String

    init(_ description: String) { self.description = description }
}
