internal import CPCRE2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension PCRE2Pattern {
    /// A byte every match contains, for skipping subjects before calling PCRE2.
    ///
    /// This is PCRE2's "last code unit" (`PCRE2_INFO_LASTCODEUNIT`, the rightmost literal
    /// byte every match contains), or failing that its "first code unit"
    /// (`PCRE2_INFO_FIRSTCODEUNIT`); nil when PCRE2 knows neither. For a caseless pattern an
    /// ASCII letter may appear in either case: see `requiredByteIgnoresASCIICase`, or just use
    /// `mayMatch(in:)`.
    public var requiredByte: UInt8? {
        if info(PCRE2_INFO_LASTCODETYPE) == 1 { return UInt8(truncatingIfNeeded: info(PCRE2_INFO_LASTCODEUNIT)) }
        return firstByte
    }

    /// The byte every match starts with (`PCRE2_INFO_FIRSTCODEUNIT`), nil when it varies.
    /// Same case caveat as `requiredByte`.
    public var firstByte: UInt8? {
        info(PCRE2_INFO_FIRSTCODETYPE) == 1 ? UInt8(truncatingIfNeeded: info(PCRE2_INFO_FIRSTCODEUNIT)) : nil
    }

    /// Whether PCRE2 itself skips ahead to where a match can start: it knows the first code
    /// unit of every match, or a table of the bytes a match can start with.
    var hasStartOptimization: Bool {
        if info(PCRE2_INFO_FIRSTCODETYPE) != 0 { return true }
        var bitmap: UnsafeRawPointer?
        return pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_FIRSTBITMAP), &bitmap) == 0 && bitmap != nil
    }

    /// Whether `requiredByte` is an ASCII letter that may occur in the other case.
    ///
    /// PCRE2 does not report whether its literal is caseless, so this is conservative: true
    /// when the pattern was compiled `.caseless` or contains an inline option group with `i`
    /// (`(?i)`, `(?i:…)`, `(?mi)`…). Non-ASCII literals are exact: PCRE2 only reports a
    /// multi-byte caseless character's byte when both cases share it.
    public var requiredByteIgnoresASCIICase: Bool {
        guard let byte = requiredByte, byte.isASCIILetter else { return false }
        return mayMatchCaselessly
    }

    /// Whether `text` could contain a match: false means it certainly does not.
    ///
    /// Checks `minimumLength` and `requiredByte` (in both ASCII cases when needed), which is
    /// much cheaper than a match call on text that lacks the byte. True does not promise a match.
    public func mayMatch(in text: String) -> Bool {
        mayMatch(in: text.utf8.span)
    }

    /// `mayMatch(in:)` on UTF-8 bytes read in place.
    package func mayMatch(in subject: Span<UInt8>) -> Bool {
        let filter = prefilter
        guard subject.count >= filter.minimumLength else { return false }
        guard let byte = filter.byte else { return true }
        if filter.bothCases {
            let other = byte ^ 0x20
            for index in subject.indices where subject[index] == byte || subject[index] == other { return true }
            return false
        }
        return subject.withUnsafeBufferPointer { subject in
            guard let base = subject.baseAddress else { return false }
            return memchr(base, Int32(byte), subject.count) != nil
        }
    }

    /// True when any part of the pattern may match caselessly (see `requiredByteIgnoresASCIICase`).
    var mayMatchCaselessly: Bool {
        if options.contains(.caseless) { return true }
        let scalars = Array(pattern.unicodeScalars)
        var index = 0
        while index + 1 < scalars.count {
            defer { index += 1 }
            guard scalars[index] == "(", scalars[index + 1] == "?" else { continue }
            var flagIndex = index + 2
            while flagIndex < scalars.count, scalars[flagIndex].properties.isAlphabetic || scalars[flagIndex] == "^" || scalars[flagIndex] == "-" {
                if scalars[flagIndex] == "i" { return true }
                flagIndex += 1
            }
        }
        return false
    }
}

extension UInt8 {
    var isASCIILetter: Bool { (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) }
}
