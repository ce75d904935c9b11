public import Foundation

/// One post to screen: its text and what is known about it.
public struct Post: Sendable, Hashable {
    /// The post's identifier as given by the input (or derived from its source position).
    public var id: String
    /// The text as read (after any container repair such as Facebook's mojibake).
    public var text: String
    /// Links carried beside the text (attachments); links inside `text` are found by the normalizer.
    public var links: [String]
    /// The author's name or identifier, if known.
    public var author: String?
    /// The platform the post comes from (`facebook`, `zalo`...), if known.
    public var platform: String?
    /// When the post was published, if known.
    public var postedAt: Date?
    /// Other fields the reader kept, by name.
    public var meta: [String: String]
    /// The time field as written when it was neither Unix time nor ISO 8601 (`postedAt` is then
    /// nil): a rule's `posted_at` condition reports a failure instead of silently not matching.
    public var unreadableTime: String?

    /// A post with its text and whatever else is known about it.
    public init(
        id: String, text: String, links: [String] = [], author: String? = nil,
        platform: String? = nil, postedAt: Date? = nil, meta: [String: String] = [:]
    ) {
        self.id = id
        self.text = text
        self.links = links
        self.author = author
        self.platform = platform
        self.postedAt = postedAt
        self.meta = meta
    }
}

/// Where a record came from, for error messages and the output record's `source`.
public struct SourcePosition: Sendable, Hashable, Codable {
    /// The input file as named on the command line (`-` for standard input).
    public var file: String
    /// 1-based line of the record's start, for line-oriented inputs (JSONL, CSV, text).
    public var line: Int?
    /// 0-based index of the record inside a JSON array, for Facebook exports.
    public var index: Int?

    /// A position in `file`: a line for line-oriented inputs, an index for JSON arrays.
    public init(file: String, line: Int? = nil, index: Int? = nil) {
        self.file = file
        self.line = line
        self.index = index
    }
}

/// A record that could not be read, and why; it still yields an output record.
public struct InputError: Error, Sendable, Hashable {
    /// What went wrong, in words a user can act on.
    public var message: String
    /// The record's id when it could be read despite the error.
    public var id: String?

    /// An error told by `message`, for the record `id` when it could be read.
    public init(_ message: String, id: String? = nil) {
        self.message = message
        self.id = id
    }
}

/// What an input reader yields for each record of its input, in order.
public enum InputRecord: Sendable {
    /// A post that was read.
    case post(Post, SourcePosition, flags: InputFlags)
    /// A record that could not be read.
    case failure(InputError, SourcePosition)

    /// Where the record came from.
    public var source: SourcePosition {
        switch self {
        case .post(_, let source, _), .failure(_, let source): source
        }
    }
}

/// Repairs a reader made while reading a record.
public struct InputFlags: OptionSet, Sendable, Hashable {
    /// The flags as bits.
    public let rawValue: UInt8
    /// Flags from their bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Invalid UTF-8 was replaced with U+FFFD.
    public static let invalidUTF8Repaired = InputFlags(rawValue: 1 << 0)
    /// Facebook-export mojibake (UTF-8 bytes written as `\u00XX`) was repaired.
    public static let mojibakeRepaired = InputFlags(rawValue: 1 << 1)
}
