/// "Did you mean" suggestions for misspelled keys, values and list names.
enum Suggestion {
    /// Returns the candidate closest to `word`, if it is close enough to be a likely typo.
    ///
    /// Case differences alone and prefixes of 3 or more characters (`fold` → `folded`) always count
    /// as close; otherwise the optimal string alignment
    /// distance (a swap of two neighbours is one edit) must be at most 1 for words of up to 4
    /// characters and at most 2 for longer ones.
    static func nearest(to word: String, in candidates: some Sequence<String>) -> String? {
        let lowered = word.lowercased()
        var best: (candidate: String, distance: Int)?
        var prefixed: String?
        for candidate in candidates {
            let candidateLowered = candidate.lowercased()
            if candidateLowered == lowered { return candidate }
            if prefixed == nil, lowered.count >= 3, candidateLowered.hasPrefix(lowered) { prefixed = candidate }
            let distance = editDistance(Array(lowered), Array(candidateLowered))
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        if let best, best.distance <= (min(word.count, best.candidate.count) <= 4 ? 1 : 2) { return best.candidate }
        return prefixed
    }

    /// The hint for an unknown word: "did you mean 'x'?" or the list of valid ones.
    static func hint(for word: String, in candidates: [String], noun: String = "one of") -> String {
        if let near = nearest(to: word, in: candidates) { return "did you mean '\(near)'?" }
        return "expected \(noun) \(candidates.joined(separator: ", "))"
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
