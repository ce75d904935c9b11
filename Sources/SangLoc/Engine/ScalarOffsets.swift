/// UTF-8 offsets → Unicode scalar offsets of a string.
enum ScalarOffsets {
    /// UTF-8 byte ranges of `text`, in ascending order, as Unicode scalar ranges: one walk over
    /// the text for all of them.
    static func scalarRanges(ofUTF8 ranges: [Range<Int>], in text: String) -> [Range<Int>] {
        var bounds: [Int] = []
        bounds.reserveCapacity(ranges.count * 2)
        for range in ranges { bounds.append(range.lowerBound); bounds.append(range.upperBound) }
        var scalarOffsets = [Int](repeating: 0, count: bounds.count)
        var next = 0
        var byte = 0
        var scalarIndex = 0
        for scalar in text.unicodeScalars {
            while next < bounds.count, bounds[next] <= byte { scalarOffsets[next] = scalarIndex; next += 1 }
            if next == bounds.count { break }
            byte += UTF8.width(scalar)
            scalarIndex += 1
        }
        while next < bounds.count { scalarOffsets[next] = scalarIndex; next += 1 }
        return stride(from: 0, to: scalarOffsets.count, by: 2).map { scalarOffsets[$0]..<scalarOffsets[$0 + 1] }
    }
}
