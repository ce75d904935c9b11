@_spi(Engine) import VietText

/// Evidence from regexes: each behind its literal gate and start filter, run once per post.
extension PostContext {
    mutating func regexEvidence(_ index: Int, rule: String) -> [Evidence]? {
        guard regexMayMatch(index) else { return nil }
        if let cached = buffers.regexResults.first(where: { $0.regex == index }) { return cached.evidence }
        return runAndKeep(rules.regexes[index], index, rule: rule)
    }

    /// Runs regex `index` (`regex`) on the post and keeps its result for the other rules.
    mutating func runAndKeep(_ regex: CompiledRegex, _ index: Int, rule: String) -> [Evidence]? {
        let result: [Evidence]?
        // Its own statement: as an argument of `runRegex`, the mutating call would make Swift
        // copy the whole context to call `runRegex` on the value from before it.
        let candidates = startCandidates(for: regex)
        do {
            result = try runRegex(regex, startingAt: candidates)
        } catch {
            failures.append(RuleFailure(rule: rule, message: "regex '\(regex.pattern.pattern)' stopped: \(error)"))
            result = nil
        }
        buffers.regexResults.append((index, result))
        return result
    }

    /// False when regex `index` lacks a required literal in its layer of this post; scans
    /// that layer for all literals of the rule set the first time it is asked, then a bit test.
    mutating func regexMayMatch(_ index: Int) -> Bool {
        let layer = Int(rules.perPost.gatedLayer[index])
        guard layer >= 0 else { return true }  // ungated
        if scannedRegexLayers & (1 << layer) == 0 { scanRegexLayer(layer) }
        return buffers.regexesAllowed[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    /// Scans gate layer `layer` (`RegexLiteralGate.layerIndex`) for the literals of all its regexes.
    mutating func scanRegexLayer(_ layer: Int) {
        scannedRegexLayers |= 1 << layer
        var seen = buffers.regexLiteralsSeen
        var allowed = buffers.regexesAllowed
        buffers.regexLiteralsSeen = []  // keep the arrays uniquely referenced while filled
        buffers.regexesAllowed = []
        let regexLayer = RegexLiteralGate.layer(atIndex: layer)
        let gate = rules.regexGate
        withBytes(of: regexLayer) { bytes in gate.scanLayer(layer, of: bytes, seen: &seen, allowed: &allowed) }
        buffers.regexLiteralsSeen = seen
        buffers.regexesAllowed = allowed
    }

    /// Runs `body` on the UTF-8 bytes of one of the post's layers.
    func withBytes<Result>(of layer: RegexLayer, _ body: (Span<UInt8>) -> Result) -> Result {
        switch layer {
        case .canonical: return text.layers.withCanonicalUTF8(body)
        case .bare: return text.layers.withBareUTF8(body)
        case .original: return body(text.original.utf8.span)
        }
    }

    /// Where a start-filtered regex may match in this post (nil: the regex has no start filter,
    /// or its layer cannot match at all); found once per post for all regexes with the same
    /// leading literals on the same layer.
    mutating func startCandidates(for regex: CompiledRegex) -> [Int]? {
        guard regex.startFilter != nil else { return nil }
        if let known = buffers.startCandidates.first(where: { $0.filter == regex.startFilterID && $0.layer == regex.layer }) {
            return known.positions
        }
        guard let positions = findStartCandidates(for: regex) else { return nil }
        buffers.startCandidates.append((regex.startFilterID, regex.layer, positions))
        return positions
    }

    /// `startCandidates` found in the layer's bytes; nil when the regex cannot match there.
    func findStartCandidates(for regex: CompiledRegex) -> [Int]? {
        withBytes(of: regex.layer) { bytes in
            guard let filter = regex.startFilter, regex.pattern.mayMatch(in: bytes) else { return nil }
            return filter.candidates(in: bytes)
        }
    }

    func runRegex(_ regex: CompiledRegex, startingAt candidates: [Int]?) throws(PCRE2MatchError) -> [Evidence]? {
        func run(_ buffer: Span<UInt8>) -> Result<[Range<Int>], PCRE2MatchError> {
            guard regex.pattern.mayMatch(in: buffer) else { return .success([]) }
            do throws(PCRE2MatchError) {
                if regex.startFilter != nil {
                    return .success(try regex.patternFromStarts.matches(
                        in: buffer, startingOnlyAt: candidates ?? [], scratch: scratch.regex, validUTF8: true))
                }
                return .success(try regex.pattern.matches(in: buffer, scratch: scratch.regex, validUTF8: true))
            } catch {
                return .failure(error)
            }
        }
        let ranges = try withBytes(of: regex.layer, run).get()
        guard !ranges.isEmpty else { return nil }
        let found = regex.layer == .original ? originalEvidence(ranges) : layerEvidence(ranges, bare: regex.layer == .bare)
        return found.isEmpty ? nil : found
    }

    /// Evidence of matches on the canonical or bare layer: each match's own bounds in the
    /// original where its tokens map scalar by scalar, else widened to whole tokens (`LayerCursor`).
    func layerEvidence(_ ranges: [Range<Int>], bare: Bool) -> [Evidence] {
        let layers = text.layers
        return withBytes(of: bare ? .bare : .canonical) { bytes in
            let original = text.original.utf8.span
            var (lower, upper) = (LayerCursor(), LayerCursor())
            var found: [Evidence] = []
            for range in ranges {
                guard let first = text.tokenIndex(atLayerOffset: range.lowerBound, bare: bare),
                      let last = text.tokenIndex(atLayerOffset: max(range.lowerBound, range.upperBound - 1), bare: bare)
                else { continue }
                let (firstToken, lastToken) = (layers[first], layers[last])
                var tier: Tier = bare ? .folded : .exact
                if !bare, (first...last).contains(where: { layers[$0].flags.contains(.deobfuscated) }) { tier = .deobfuscated }
                let start = lower.place(
                    range.lowerBound, inToken: first, isEnd: false, layers: layers, bare: bare, layerBytes: bytes, original: original)
                let end = upper.place(
                    range.upperBound, inToken: last, isEnd: true, layers: layers, bare: bare, layerBytes: bytes, original: original)
                var scalars = firstToken.scalarRange.lowerBound..<lastToken.scalarRange.upperBound
                var utf8 = firstToken.utf8Range.lowerBound..<lastToken.utf8Range.upperBound
                // An empty match, or one within the space after a token, keeps its tokens.
                if start.scalar < end.scalar {
                    (scalars, utf8) = (start.scalar..<end.scalar, start.utf8..<end.utf8)
                }
                found.append(Evidence(range: scalars, tier: tier, sentence: Int(firstToken.sentence), utf8: utf8))
            }
            return found
        }
    }

    /// Evidence of matches on the original text: their own bounds.
    func originalEvidence(_ ranges: [Range<Int>]) -> [Evidence] {
        let originalRanges = ScalarOffsets.scalarRanges(ofUTF8: ranges, in: text.original)
        let layers = text.layers
        var found: [Evidence] = []
        var tokenIndex = 0
        for (n, range) in ranges.enumerated() {
            let scalars = originalRanges[n]
            // Matches come in text order: the token holding each one is found moving forward.
            while tokenIndex < layers.count, layers[tokenIndex].scalarRange.upperBound <= scalars.lowerBound { tokenIndex += 1 }
            let sentence = tokenIndex < layers.count ? Int(layers[tokenIndex].sentence) : nil
            found.append(Evidence(range: scalars, tier: .exact, sentence: sentence, utf8: range))
        }
        return found
    }
}
