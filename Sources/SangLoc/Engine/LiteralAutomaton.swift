/// An Aho-Corasick automaton that finds which of many byte strings occur in a text, in one pass.
///
/// Hand-written because no maintained Swift package does multi-pattern byte matching, and
/// Hyperscan (the usual C choice) is x86-only and a C++ dependency. Built once as a full DFA:
/// bytes are grouped into equivalence classes (bytes no literal tells apart share a column),
/// transitions are one flat `UInt16` table, `state << 1 | hasOutputs`, and each state's outputs
/// are flattened along its failure links, so a scan is one table load per byte and touches
/// the output list only at states where some literal ends. States are numbered breadth first,
/// so the rows of the root and the shallow states, where a scan spends most of its time, sit
/// together in a few kilobytes of cache.
final class LiteralAutomaton: Sendable {
    /// The number of literals; ids run from 0.
    let literalCount: Int
    /// The length of the longest literal, in bytes.
    private let longestLiteral: Int
    /// The equivalence class of each byte.
    private let byteClasses: [UInt8]
    /// Rows are `1 << rowShift` wide: the number of classes, rounded up to a power of two.
    private let rowShift: Int
    /// `transitions[s << rowShift + class]` is `next << 1 | (next has outputs ? 1 : 0)`.
    private let transitions: [UInt16]
    /// The outputs of state `s` are `outputs[outputStarts[s]..<outputStarts[s + 1]]`.
    private let outputStarts: [Int32]
    private let outputs: [Int32]

    /// At most this many bytes of literals: keeps state numbers within 15 bits and bounds the
    /// 256-wide rows built in `init` (32 MB).
    static let maximumLiteralBytes = (1 << 15) - 1

    /// An automaton for `literals`; literal `i` has id `i`. Empty literals are never reported.
    /// - Precondition: the literals hold at most `maximumLiteralBytes` bytes.
    init(literals: [[UInt8]]) {
        precondition(literals.reduce(0) { $0 + $1.count } <= Self.maximumLiteralBytes, "too many literal bytes")
        literalCount = literals.count
        longestLiteral = literals.map(\.count).max() ?? 0
        // The trie, with one 256-wide row per state (-1: no edge).
        var goto: [Int32] = Array(repeating: -1, count: 256)
        var own: [[Int32]] = [[]]
        for (id, literal) in literals.enumerated() where !literal.isEmpty {
            var state = 0
            for byte in literal {
                let slot = state * 256 + Int(byte)
                if goto[slot] < 0 {
                    goto[slot] = Int32(own.count)
                    own.append([])
                    goto.append(contentsOf: repeatElement(-1, count: 256))
                }
                state = Int(goto[slot])
            }
            own[state].append(Int32(id))
        }
        let stateCount = own.count
        // Breadth first: failure links, full DFA rows and outputs flattened along failure links.
        var delta = [Int32](repeating: 0, count: stateCount * 256)
        var failure = [Int32](repeating: 0, count: stateCount)
        var flattened = own
        var queue: [Int] = []
        for byte in 0..<256 where goto[byte] >= 0 {
            delta[byte] = goto[byte]
            queue.append(Int(goto[byte]))
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            flattened[state] += flattened[Int(failure[state])]
            for byte in 0..<256 {
                let child = goto[state * 256 + byte]
                let fallback = delta[Int(failure[state]) * 256 + byte]
                if child >= 0 {
                    failure[Int(child)] = fallback
                    delta[state * 256 + byte] = child
                    queue.append(Int(child))
                } else {
                    delta[state * 256 + byte] = fallback
                }
            }
        }
        // Byte classes: bytes whose columns are identical in every state. Columns are told
        // apart by a hash, then compared in place with the first byte of each class that has
        // the same hash (not as arrays in a dictionary: a copy of every column).
        func columnHash(_ byte: Int) -> UInt64 {
            var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
            for state in 0..<stateCount {
                hash = (hash ^ UInt64(UInt32(bitPattern: delta[state &* 256 &+ byte]))) &* 0xFF51_AFD7_ED55_8CCD
                hash ^= hash >> 29
            }
            return hash
        }
        func sameColumns(_ a: Int, _ b: Int) -> Bool {
            (0..<stateCount).allSatisfy { delta[$0 &* 256 &+ a] == delta[$0 &* 256 &+ b] }
        }
        var classesWithHash: [UInt64: [UInt8]] = [:]
        var byteClasses = [UInt8](repeating: 0, count: 256)
        var representatives: [Int] = []
        for byte in 0..<256 {
            let hash = columnHash(byte)
            if let known = classesWithHash[hash]?.first(where: { sameColumns(representatives[Int($0)], byte) }) {
                byteClasses[byte] = known
            } else {
                let newClass = UInt8(representatives.count)
                classesWithHash[hash, default: []].append(newClass)
                byteClasses[byte] = newClass
                representatives.append(byte)
            }
        }
        self.byteClasses = byteClasses
        var rowShift = 0
        while 1 << rowShift < representatives.count { rowShift += 1 }
        self.rowShift = rowShift
        // Breadth-first numbering: the root, then `queue` (which is in breadth-first order).
        let order = [0] + queue
        var number = [Int](repeating: 0, count: stateCount)
        for (position, state) in order.enumerated() { number[state] = position }
        var transitions = [UInt16](repeating: 0, count: stateCount << rowShift)
        for (position, state) in order.enumerated() {
            for (byteClass, byte) in representatives.enumerated() {
                let next = Int(delta[state * 256 + byte])
                transitions[position << rowShift + byteClass] = UInt16(number[next]) << 1 | (flattened[next].isEmpty ? 0 : 1)
            }
        }
        self.transitions = transitions
        var starts: [Int32] = [0]
        var outputs: [Int32] = []
        for state in order {
            outputs += Set(flattened[state]).sorted()
            starts.append(Int32(outputs.count))
        }
        outputStarts = starts
        self.outputs = outputs
    }

    /// The number of 64-bit words a set of seen literals needs.
    var wordCount: Int { (literalCount + 63) / 64 }

    /// Sets bit `id` of `seen` for every literal that occurs in `text` (other bits are kept).
    ///
    /// The byte loop has no data-dependent branch: every state reached is written to a small
    /// buffer whose end advances only past states with outputs, and the outputs are read after
    /// each block of bytes (common short literals would otherwise mispredict often). A text
    /// longer than four times the longest literal is scanned as four quarters side by side
    /// (one longer than twice, as two halves), each but the first starting early enough to see
    /// every literal that ends in it: each step waits on the load of the step before, so
    /// independent chains of loads run in about the time of one.
    func scan(_ text: Span<UInt8>, into seen: inout MutableSpan<UInt64>) {
        _UnsafeLiteralScan.scan(
            text, classes: byteClasses, transitions: transitions, outputStarts: outputStarts, outputs: outputs,
            rowShift: rowShift, longestLiteral: longestLiteral, into: &seen)
    }

    /// The ids of the literals that occur in `text`, ascending.
    func literals(in text: [UInt8]) -> [Int] {
        var seen = [UInt64](repeating: 0, count: wordCount)
        var seenSpan = seen.mutableSpan
        scan(text.span, into: &seenSpan)
        return (0..<literalCount).filter { seen[$0 >> 6] & (1 << UInt64($0 & 63)) != 0 }
    }
}
