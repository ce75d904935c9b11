/// Where a regex's matches can begin: at an occurrence of one of its leading literals
/// (`RequiredLiterals.starts`). Used for patterns PCRE2 cannot skip ahead in by itself (no
/// known first byte or start table, as for `\b\d…` with Unicode properties), which it would
/// otherwise try at every position of the text.
struct RegexStartFilter: Sendable {
    /// Per first byte, the leading literals that start with it (their remaining bytes).
    private let tails: [[[UInt8]]]
    private let firstBytes: [Bool]

    init(starts: [[UInt8]]) {
        var tails = [[[UInt8]]](repeating: [], count: 256)
        for literal in starts where !literal.isEmpty {
            tails[Int(literal[0])].append(Array(literal.dropFirst()))
        }
        self.tails = tails
        self.firstBytes = tails.map { !$0.isEmpty }
    }

    /// The byte offsets in `text` where a leading literal occurs, ascending.
    func candidates(in text: UnsafeBufferPointer<UInt8>) -> [Int] {
        var found: [Int] = []
        firstBytes.withUnsafeBufferPointer { firstBytes in
            for position in text.indices where firstBytes[Int(text[position])] {
                for tail in tails[Int(text[position])] where position + tail.count < text.count {
                    if tail.indices.allSatisfy({ text[position + 1 + $0] == tail[$0] }) {
                        found.append(position)
                        break
                    }
                }
            }
        }
        return found
    }
}
