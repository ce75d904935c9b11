// UTF-8 validation written by hand on purpose: the JSON parser already walks every byte of a
// string to find its closing quote, so it checks the UTF-8 of that string in the same walk and
// the string is then built without a second validation (``stringFromValidatedUTF8(_:isASCII:)``).
// Swift's `String(validating:)` has no way to skip its own check, and that check was the largest
// single cost of reading JSON Lines (2 % of a whole `sangloc screen` run). The rules are exactly
// the well-formed sequences of the Unicode Standard (Table 3-7), which is what Swift accepts: no
// overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequence.

/// The length (2, 3 or 4) of the well-formed UTF-8 sequence whose first byte, at `index`, is not
/// ASCII; 0 when no well-formed sequence starts there (a stray continuation byte, an overlong
/// form, a surrogate, a scalar above U+10FFFF, or a sequence cut short by `end`).
@inline(__always)
func wellFormedUTF8SequenceLength(_ base: UnsafePointer<UInt8>, at index: Int, end: Int) -> Int {
    let lead = base[index]
    if lead >= 0xC2 && lead <= 0xDF {
        guard index + 1 < end, base[index + 1] & 0xC0 == 0x80 else { return 0 }
        return 2
    }
    if lead >= 0xE0 && lead <= 0xEF {
        guard index + 2 < end else { return 0 }
        let second = base[index + 1]
        // E0 needs A0...BF (no overlong form), ED needs 80...9F (no surrogate).
        let lowest: UInt8 = lead == 0xE0 ? 0xA0 : 0x80
        let highest: UInt8 = lead == 0xED ? 0x9F : 0xBF
        guard second >= lowest, second <= highest, base[index + 2] & 0xC0 == 0x80 else { return 0 }
        return 3
    }
    if lead >= 0xF0 && lead <= 0xF4 {
        guard index + 3 < end else { return 0 }
        let second = base[index + 1]
        // F0 needs 90...BF (no overlong form), F4 needs 80...8F (nothing above U+10FFFF).
        let lowest: UInt8 = lead == 0xF0 ? 0x90 : 0x80
        let highest: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
        guard second >= lowest, second <= highest, base[index + 2] & 0xC0 == 0x80, base[index + 3] & 0xC0 == 0x80
        else { return 0 }
        return 4
    }
    return 0
}

/// Whether `bytes` are well-formed UTF-8, and whether they are all ASCII.
func validateUTF8Bytes(_ bytes: UnsafeBufferPointer<UInt8>) -> (isWellFormed: Bool, isASCII: Bool) {
    guard let base = bytes.baseAddress else { return (true, true) }
    let end = bytes.count
    var index = 0
    var isASCII = true
    while index < end {
        // Eight ASCII bytes at a time while they last.
        while index + 8 <= end,
            UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
        {
            index += 8
        }
        guard index < end else { break }
        if base[index] < 0x80 {
            index += 1
            continue
        }
        isASCII = false
        let length = wellFormedUTF8SequenceLength(base, at: index, end: end)
        guard length > 0 else { return (false, false) }
        index += length
    }
    return (true, isASCII)
}

/// A string of bytes already known to be well-formed UTF-8, copied once and not checked again.
///
/// - Precondition: `bytes` are well-formed UTF-8 (checked by ``wellFormedUTF8SequenceLength``
///   or ``validateUTF8Bytes(_:)``), and all ASCII when `isASCII` is true.
@inline(__always)
func stringFromValidatedUTF8(_ bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool) -> String {
    guard !bytes.isEmpty else { return "" }
    return String(copying: UTF8Span(unchecked: Span(_unsafeElements: bytes), isKnownASCII: isASCII))
}
