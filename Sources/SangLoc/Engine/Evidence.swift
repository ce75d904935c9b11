@_spi(Engine) import VietText

/// One piece of evidence: a span of the text (or a link beside it), its tier and sentence.
///
/// Plain values only (a link is its index, not its string): evidence is copied, sorted and
/// dropped many times per post, and copies of a reference would each retain and release it.
/// Stored as 32-bit offsets (-1 for none), 28 bytes rather than 80: a long post has a piece of
/// evidence per term hit (texts stay under 2 GiB, as the token offsets do).
struct Evidence: Hashable {
    private var start: Int32
    private var end: Int32
    private var utf8Start: Int32
    private var utf8End: Int32
    private var sentence32: Int32
    private var link32: Int32
    var tier: Tier

    init(range: Range<Int>, tier: Tier, sentence: Int?, link: Int? = nil, utf8: Range<Int>? = nil) {
        (start, end) = (Int32(truncatingIfNeeded: range.lowerBound), Int32(truncatingIfNeeded: range.upperBound))
        (utf8Start, utf8End) = (Int32(truncatingIfNeeded: utf8?.lowerBound ?? -1), Int32(truncatingIfNeeded: utf8?.upperBound ?? -1))
        sentence32 = Int32(truncatingIfNeeded: sentence ?? -1)
        link32 = Int32(truncatingIfNeeded: link ?? -1)
        self.tier = tier
    }

    /// The span, in Unicode scalars of the original text.
    var range: Range<Int> { Int(start)..<Int(end) }
    var sentence: Int? { sentence32 < 0 ? nil : Int(sentence32) }
    /// For links beside the text: the link, as the index of its first occurrence in the
    /// post's `links` (the same link twice is the same evidence); nil for a span of the text.
    var link: Int? { link32 < 0 ? nil : Int(link32) }
    /// The span's UTF-8 offsets in the original text, when known (to cut out its text).
    var utf8: Range<Int>? { utf8Start < 0 ? nil : Int(utf8Start)..<Int(utf8End) }

    /// Evidence of a window placed in its post: offsets moved by the window's start, sentence
    /// numbers by `sentences`.
    func moved(scalars: Int, utf8: Int, sentences: Int) -> Evidence {
        var moved = self
        moved.start &+= Int32(truncatingIfNeeded: scalars)
        moved.end &+= Int32(truncatingIfNeeded: scalars)
        if utf8Start >= 0 {
            moved.utf8Start &+= Int32(truncatingIfNeeded: utf8)
            moved.utf8End &+= Int32(truncatingIfNeeded: utf8)
        }
        if sentence32 >= 0 { moved.sentence32 &+= Int32(truncatingIfNeeded: sentences) }
        return moved
    }

    /// The evidence as matches: each span's text cut from `original`'s UTF-8 bytes, read in
    /// place once for all of them (cutting through string indices costs far more); a span
    /// without UTF-8 offsets through `normalized`'s tokens, or by walking the scalars; a link
    /// beside the text, from `links`.
    static func matches(_ evidence: [Evidence], in original: String, links: [String], normalized: NormalizedText?) -> [Match] {
        // The spans begin and end between scalars (token bounds, or matches of PCRE2 in UTF
        // mode), so the bytes are whole UTF-8 and are not checked again.
        let bytes = original.utf8.span
        var found: [Match] = []
        found.reserveCapacity(evidence.count)
        for e in evidence {
            if let link = e.link {
                found.append(Match(range: 0..<0, text: links[link], tier: e.tier, field: "links"))
            } else if let utf8 = e.utf8 {
                let piece = _UnsafeUTF8.string(validated: bytes.extracting(utf8), isASCII: false)
                found.append(Match(range: e.range, text: piece, tier: e.tier))
            } else {
                found.append(Match(range: e.range, text: normalized?.originalText(e.range) ?? original.scalars(e.range), tier: e.tier))
            }
        }
        return found
    }
}

extension String {
    /// The text of a range of scalars, found by walking them.
    func scalars(_ range: Range<Int>) -> String {
        let start = unicodeScalars.index(unicodeScalars.startIndex, offsetBy: range.lowerBound)
        return String(unicodeScalars[start..<unicodeScalars.index(start, offsetBy: range.count)])
    }
}

/// A hit's evidence made into the matches it reports: each span once, none inside another.
extension Evidence {
    /// The evidence without spans inside a longer span of the same hit (`mã OTP` covers `OTP`),
    /// keeping the most certain tier of the spans it drops.
    static func outermost(_ evidence: [Evidence]) -> [Evidence] {
        guard evidence.count > 1 else { return evidence }
        // The usual case, checked without allocating: spans in order whose starts and ends
        // both rise, so that none lies inside another.
        var rising = true
        for k in 1..<evidence.count {
            let (a, b) = (evidence[k - 1], evidence[k])
            guard a.link == nil, b.link == nil, a.range.lowerBound < b.range.lowerBound, a.range.upperBound < b.range.upperBound else {
                rising = false
                break
            }
        }
        if rising { return evidence }
        if let kept = outermostOfSorted(evidence) { return kept }
        // One sweep over the spans sorted by start, longest first: a span is covered when an
        // earlier one with a different range reaches as far: O(n log n), for posts with
        // thousands of matches of one rule.
        let spans = evidence.indices.filter { evidence[$0].link == nil }.sorted { a, b in
            let (x, y) = (evidence[a].range, evidence[b].range)
            return x.lowerBound != y.lowerBound ? x.lowerBound < y.lowerBound : x.upperBound > y.upperBound
        }
        var covered = [Bool](repeating: false, count: evidence.count)
        var farthestBefore = Int.min
        var groupStart = 0
        while groupStart < spans.count {
            let range = evidence[spans[groupStart]].range
            var groupEnd = groupStart
            while groupEnd < spans.count, evidence[spans[groupEnd]].range == range {
                covered[spans[groupEnd]] = farthestBefore >= range.upperBound
                groupEnd += 1
            }
            farthestBefore = max(farthestBefore, range.upperBound)
            groupStart = groupEnd
        }
        return evidence.indices.filter { !covered[$0] }.map { evidence[$0] }
    }

    /// The evidence with each span of the text once, at its most certain tier: a regex
    /// matching inside one long token gives that token's span for every match. (Links beside
    /// the text are kept as given: one match per link.)
    static func distinct(_ evidence: [Evidence]) -> [Evidence] {
        guard evidence.count > 1 else { return evidence }
        // The usual case, checked without allocating: starts that rise hold no span twice.
        if !(1..<evidence.count).contains(where: { k in
            evidence[k - 1].link != nil || evidence[k].link != nil || evidence[k - 1].range.lowerBound >= evidence[k].range.lowerBound
        }) { return evidence }
        var position: [Range<Int>: Int] = [:]
        var kept: [Evidence] = []
        for e in evidence {
            if e.link != nil {
                kept.append(e)
                continue
            }
            if let k = position[e.range] {
                if e.tier < kept[k].tier { kept[k].tier = e.tier }
            } else {
                position[e.range] = kept.count
                kept.append(e)
            }
        }
        return kept
    }

    /// `outermost` for evidence already in order of start, then end, without links (term
    /// evidence always is): one pass, nothing allocated but the result. A span is covered when
    /// a span that starts before it reaches as far, or one that starts with it ends later; nil
    /// when the evidence is not in that order.
    static func outermostOfSorted(_ evidence: [Evidence]) -> [Evidence]? {
        for k in evidence.indices {
            guard evidence[k].link == nil else { return nil }
            if k > 0 {
                let (a, b) = (evidence[k - 1].range, evidence[k].range)
                guard a.lowerBound < b.lowerBound || (a.lowerBound == b.lowerBound && a.upperBound <= b.upperBound) else { return nil }
            }
        }
        var kept: [Evidence] = []
        kept.reserveCapacity(evidence.count)
        var farthestBefore = Int.min  // the farthest end of the spans that start before this group
        var groupStart = 0
        while groupStart < evidence.count {
            let start = evidence[groupStart].range.lowerBound
            var groupEnd = groupStart
            while groupEnd < evidence.count, evidence[groupEnd].range.lowerBound == start { groupEnd += 1 }
            let longest = evidence[groupEnd - 1].range.upperBound
            for k in groupStart..<groupEnd {
                let end = evidence[k].range.upperBound
                if farthestBefore < end, end == longest { kept.append(evidence[k]) }
            }
            farthestBefore = max(farthestBefore, longest)
            groupStart = groupEnd
        }
        return kept
    }
}
