import Foundation

/// The fields of ``InputOptions`` resolved for JSON objects, and turning one object into a record.
struct JSONRecordFields {
    let id: FieldPath
    let text: FieldPath
    let links: FieldPath?
    let author: FieldPath?
    let time: FieldPath?
    let platform: String?
    let timeZone: TimeZone

    init(options: InputOptions) {
        timeZone = options.timeZone
        id = FieldPath(options.idField)
        text = FieldPath(options.textField)
        links = options.linksField.map(FieldPath.init)
        author = options.authorField.map(FieldPath.init)
        time = options.timeField.map(FieldPath.init)
        platform = options.platform
    }

    /// Builds the record for the object at `index`.
    ///
    /// - Parameters:
    ///   - label: how messages name the record (`line 12`); built only for a message.
    ///   - fallbackID: the id when the id field is missing or neither a string nor a number;
    ///     built only when needed.
    func record(
        _ document: JSONDocument, _ index: Int, bytes: Span<UInt8>,
        source: SourcePosition, label: () -> String, fallbackID: () -> String,
        statistics: inout InputFieldStatistics
    ) -> InputRecord {
        guard document[index].kind == .object else {
            return .failure(
                InputError("\(label()) is \(document[index].kind.description), not a JSON object"), source)
        }
        statistics.recordsRead += 1
        if statistics.fieldsSeen.isEmpty { statistics.fieldsSeen = document.keys(of: index, bytes: bytes) }
        var flags: InputFlags = []
        func decoded(_ node: Int) -> String {
            let value = document.string(node, in: bytes)
            if value.repairedInvalidUTF8 { flags.insert(.invalidUTF8Repaired) }
            return value.text
        }
        func scalarText(_ node: Int) -> String? {
            switch document[node].kind {
            case .string: decoded(node)
            case .number: document.rawText(node, in: bytes)
            default: nil
            }
        }

        let postID: String
        if let node = document.value(at: id, in: index, bytes: bytes), let value = scalarText(node) {
            postID = value
            statistics.recordsWithID += 1
        } else {
            postID = fallbackID()
        }
        guard let textNode = document.value(at: text, in: index, bytes: bytes), document[textNode].kind == .string
        else {
            if let textNode = document.value(at: text, in: index, bytes: bytes) {
                let kind = document[textNode].kind.description
                return .failure(
                    InputError("\(label()): field '\(text.name)' is \(kind), not a string", id: postID), source)
            }
            let keys = document.keys(of: index, bytes: bytes)
            let fields = keys.isEmpty ? "the object is empty" : "fields: " + keys.joined(separator: ", ")
            return .failure(
                InputError("\(label()) has no string field '\(text.name)' (\(fields))", id: postID), source)
        }
        statistics.recordsWithText += 1
        var post = Post(id: postID, text: decoded(textNode), platform: platform)
        if let links, let node = document.value(at: links, in: index, bytes: bytes) {
            switch document[node].kind {
            case .string:
                post.links = [decoded(node)]
            case .array:
                post.links = document.elements(of: node).filter { document[$0].kind == .string }.map(decoded)
            default:
                break
            }
            statistics.found(links.name)
        }
        if let author, let node = document.value(at: author, in: index, bytes: bytes) {
            post.author = scalarText(node)
            if post.author != nil { statistics.found(author.name) }
        }
        if let time, let node = document.value(at: time, in: index, bytes: bytes), let value = scalarText(node) {
            statistics.found(time.name)
            post.postedAt = InputTimestamp.date(from: value, timeZone: timeZone)
            if post.postedAt == nil {
                post.unreadableTime = value
                statistics.unreadableTime(value, at: label())
            }
        }
        return .post(post, source, flags: flags)
    }
}
