// UTF-8 validation written by hand on purpose: the JSON parser already walks every byte of a
// string to find its closing quote, so it checks the UTF-8 of that string in the same walk and
// the string is then built without a second validation (``_UnsafeUTF8/string(validated:isASCII:)``).
// Swift's `String(validating:)` has no way to skip its own check, and that check was the largest
// single cost of reading JSON Lines. The rules are exactly
// the well-formed sequences of the Unicode Standard (Table 3-7), which is what Swift accepts: no
// overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequence.

/// A UTF-8 checker as a state machine whose states are bit offsets into one 64-bit row per byte
/// (a "shift DFA"): the next state is `row[byte] >> state & 63`. Vietnamese text switches
/// between ASCII and 2- or 3-byte letters every few bytes; a branch on each byte's kind
/// mispredicts at every switch, while here the only branch per byte is "stop or reject", taken
/// at the end of a JSON string or at damage.
///
/// For JSON strings a quote, backslash or control character met between sequences stops the
/// machine (``stop``) so that the parser handles it; ``validateUTF8Bytes(_:)`` reads those as
/// ASCII.
enum UTF8StateMachine {
    /// Between sequences: the only state where a string may end well formed.
    static let accept: UInt64 = 0
    static let needOne: UInt64 = 6
    static let needTwo: UInt64 = 12
    /// After E0: A0...BF (no overlong form), then one more.
    static let afterE0: UInt64 = 18
    /// After ED: 80...9F (no surrogate), then one more.
    static let afterED: UInt64 = 24
    static let needThree: UInt64 = 30
    /// After F0: 90...BF (no overlong form), then two more.
    static let afterF0: UInt64 = 36
    /// After F4: 80...8F (nothing above U+10FFFF), then two more.
    static let afterF4: UInt64 = 42
    /// The byte cannot come next: not UTF-8.
    static let reject: UInt64 = 48
    /// A quote, backslash or control character between sequences.
    static let stop: UInt64 = 54

    /// The transition of `state` on `byte`.
    static func next(_ state: UInt64, _ byte: UInt8) -> UInt64 {
        switch state {
        case accept:
            switch byte {
            case 0x22, 0x5C, 0x00...0x1F: return stop
            case 0x20...0x7F: return accept
            case 0xC2...0xDF: return needOne
            case 0xE0: return afterE0
            case 0xE1...0xEC, 0xEE, 0xEF: return needTwo
            case 0xED: return afterED
            case 0xF0: return afterF0
            case 0xF1...0xF3: return needThree
            case 0xF4: return afterF4
            default: return reject
            }
        case needOne: return (0x80...0xBF).contains(byte) ? accept : reject
        case needTwo: return (0x80...0xBF).contains(byte) ? needOne : reject
        case afterE0: return (0xA0...0xBF).contains(byte) ? needOne : reject
        case afterED: return (0x80...0x9F).contains(byte) ? needOne : reject
        case needThree: return (0x80...0xBF).contains(byte) ? needTwo : reject
        case afterF0: return (0x90...0xBF).contains(byte) ? needTwo : reject
        case afterF4: return (0x80...0x8F).contains(byte) ? needTwo : reject
        default: return reject
        }
    }

    /// The 256 rows, one per byte value, built once.
    static let rows: [UInt64] = (0...255).map { byte in
        var row: UInt64 = 0
        for state in stride(from: accept, through: afterF4, by: 6) {
            row |= next(state, UInt8(byte)) << state
        }
        return row
    }

    /// One step: the state after `byte`, in the low 6 bits of the result (`reject` and `stop`
    /// are at least `reject`); the bits above are left as they are, because the next step
    /// shifts by the low 6 bits only (`&>>`, what x86's shift does by itself), which keeps the
    /// masking out of the chain from one byte to the next.
    @inline(__always)
    static func step(_ rows: [UInt64], _ state: UInt64, _ byte: UInt8) -> UInt64 {
        rows[Int(byte)] &>> state
    }
}

/// Whether `bytes` are well-formed UTF-8, and whether they are all ASCII.
func validateUTF8Bytes(_ bytes: Span<UInt8>) -> (isWellFormed: Bool, isASCII: Bool) {
    let end = bytes.count
    let rows = UTF8StateMachine.rows
    var index = 0
    var state = UTF8StateMachine.accept
    var bitUnion: UInt8 = 0
    while index < end {
        // Eight ASCII bytes at a time while they last (between sequences).
        if state == UTF8StateMachine.accept {
            while index + 8 <= end, _UnsafeUTF8.word(bytes, at: index) & 0x8080_8080_8080_8080 == 0 {
                index += 8
            }
            guard index < end else { break }
        }
        let byte = bytes[index]
        bitUnion |= byte
        state = UTF8StateMachine.step(rows, state, byte) & 63
        if state >= UTF8StateMachine.reject {
            if state == UTF8StateMachine.reject { return (false, false) }
            state = UTF8StateMachine.accept  // A quote, backslash or control: ASCII here.
        }
        index += 1
    }
    guard state == UTF8StateMachine.accept else { return (false, false) }
    return (true, bitUnion < 0x80)
}
