/// The literal automaton's byte loop (`LiteralAutomaton.scan`) on raw pointers: read through
/// spans, its every table read was bounds-checked, which cost the regex benchmark 4.5 % of its
/// instructions (`sangloc-measure match-regex`, callgrind). The pointers' subscripts check
/// every index in debug builds and the test suite, as an `assert` does; valid while `scan` runs.
enum _UnsafeLiteralScan {
    /// Sets bit `id` of `seen` for every literal of the automaton's tables that occurs in `text`.
    static func scan(
        _ text: Span<UInt8>, classes byteClasses: [UInt8], transitions: [UInt16], outputStarts: [Int32], outputs: [Int32],
        rowShift: Int, longestLiteral: Int, into seen: inout MutableSpan<UInt64>
    ) {
        text.withUnsafeBufferPointer { text in
            seen.withUnsafeMutableBufferPointer { seen in
                scan(text, byteClasses, transitions, outputStarts, outputs, rowShift, longestLiteral, into: seen)
            }
        }
    }

    private static func scan(
        _ text: UnsafeBufferPointer<UInt8>, _ byteClasses: [UInt8], _ transitions: [UInt16], _ outputStarts: [Int32],
        _ outputs: [Int32], _ rowShift: Int, _ longestLiteral: Int, into seen: UnsafeMutableBufferPointer<UInt64>
    ) {
        let block = 64
        withUnsafeTemporaryAllocation(of: UInt16.self, capacity: 4 * block) { reached in
            byteClasses.withUnsafeBufferPointer { classes in
                transitions.withUnsafeBufferPointer { table in
                    outputStarts.withUnsafeBufferPointer { starts in
                        outputs.withUnsafeBufferPointer { ids in
                            let shift = rowShift
                            func report(_ range: Range<Int>) {
                                for hit in range {
                                    let withOutputs = Int(reached[hit])
                                    for slot in Int(starts[withOutputs])..<Int(starts[withOutputs &+ 1]) {
                                        let id = Int(ids[slot])
                                        seen[id &>> 6] |= 1 &<< UInt64(id & 63)
                                    }
                                }
                            }
                            /// One lane on its own, from `state` at `start` up to `end`.
                            func scanAlone(from start: Int, to end: Int, state: Int) {
                                var state = state
                                var index = start
                                while index < end {
                                    let stop = min(index &+ block, end)
                                    var found = 0
                                    while index < stop {
                                        let entry = table[state &<< shift &+ Int(classes[Int(text[index])])]
                                        state = Int(entry &>> 1)
                                        reached[found] = entry &>> 1
                                        found &+= Int(entry & 1)
                                        index &+= 1
                                    }
                                    report(0..<found)
                                }
                            }
                            let overlap = max(0, longestLiteral - 1)
                            // Lane one covers [first, firstEnd); lane two [second, count).
                            var first = 0
                            var firstState = 0
                            var firstEnd = text.count
                            var second = text.count
                            var secondState = 0
                            let half = text.count / 2
                            let quarter = text.count / 4
                            if longestLiteral < quarter {
                                // Four lanes: [0, quarter), [quarter, half),
                                // [half, half + quarter) and [half + quarter, count), each but
                                // the first starting `overlap` early to see every literal that
                                // ends in it. The first is the shortest: when it ends, the
                                // second's rest runs alone and the last two go on as two lanes.
                                var lanes = (0, quarter - overlap, half - overlap, half + quarter - overlap)
                                var states = (0, 0, 0, 0)
                                while lanes.0 < quarter {
                                    let steps = min(block, quarter - lanes.0)
                                    var found = (0, block, 2 * block, 3 * block)
                                    for _ in 0..<steps {
                                        let a = table[states.0 &<< shift &+ Int(classes[Int(text[lanes.0])])]
                                        let b = table[states.1 &<< shift &+ Int(classes[Int(text[lanes.1])])]
                                        let c = table[states.2 &<< shift &+ Int(classes[Int(text[lanes.2])])]
                                        let d = table[states.3 &<< shift &+ Int(classes[Int(text[lanes.3])])]
                                        states = (Int(a &>> 1), Int(b &>> 1), Int(c &>> 1), Int(d &>> 1))
                                        reached[found.0] = a &>> 1
                                        reached[found.1] = b &>> 1
                                        reached[found.2] = c &>> 1
                                        reached[found.3] = d &>> 1
                                        found.0 &+= Int(a & 1)
                                        found.1 &+= Int(b & 1)
                                        found.2 &+= Int(c & 1)
                                        found.3 &+= Int(d & 1)
                                        lanes = (lanes.0 &+ 1, lanes.1 &+ 1, lanes.2 &+ 1, lanes.3 &+ 1)
                                    }
                                    report(0..<found.0)
                                    report(block..<found.1)
                                    report((2 * block)..<found.2)
                                    report((3 * block)..<found.3)
                                }
                                scanAlone(from: lanes.1, to: half, state: states.1)
                                (first, firstState, firstEnd) = (lanes.2, states.2, half + quarter)
                                (second, secondState) = (lanes.3, states.3)
                            } else if longestLiteral < half {
                                // Two lanes: [0, half) and [half, count), the second starting
                                // `overlap` early.
                                firstEnd = half
                                second = half - overlap
                            }
                            // Both lanes side by side while the first lasts (the second is
                            // never the shorter), in rounds of up to a block.
                            while first < firstEnd, second < text.count {
                                let steps = min(block, firstEnd - first, text.count - second)
                                var foundFirst = 0
                                var foundSecond = block
                                for _ in 0..<steps {
                                    let a = table[firstState &<< shift &+ Int(classes[Int(text[first])])]
                                    let b = table[secondState &<< shift &+ Int(classes[Int(text[second])])]
                                    firstState = Int(a &>> 1)
                                    secondState = Int(b &>> 1)
                                    reached[foundFirst] = a &>> 1
                                    reached[foundSecond] = b &>> 1
                                    foundFirst &+= Int(a & 1)
                                    foundSecond &+= Int(b & 1)
                                    first &+= 1
                                    second &+= 1
                                }
                                report(0..<foundFirst)
                                report(block..<foundSecond)
                            }
                            // What is left of each lane, one after the other.
                            scanAlone(from: first, to: firstEnd, state: firstState)
                            scanAlone(from: second, to: text.count, state: secondState)
                        }
                    }
                }
            }
        }
    }
}
