/// A reader that yields the records of one input, in input order.
///
/// Contract: every record of the input yields exactly one ``InputRecord``; a record that cannot
/// be read yields ``InputRecord/failure(_:_:)`` with its source position and reading goes on.
/// `next()` returns `nil` at the end and throws only when the input as a whole cannot be read
/// any further (a read error, corrupt gzip data).
public protocol RecordSource {
    /// The next record, or `nil` after the last one.
    mutating func next() throws(InputOpenError) -> InputRecord?

    /// What the reader found in the requested fields so far (complete after the last record).
    var fieldStatistics: InputFieldStatistics { get }

    /// Whether ``next()`` would now wait for input its writer has not sent yet (a pipe between
    /// two batches of lines): a batch writes out what it has read before it waits.
    var nextRecordWouldWait: Bool { get }
}

extension RecordSource {
    /// False: a source that does not say never counts as stalled.
    public var nextRecordWouldWait: Bool { false }
}
