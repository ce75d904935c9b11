internal import CICUShim

/// Swift's door to ICU, through the C shim (the shim header carries no ICU type).
///
/// ICU writes UTF-16 into caller buffers and reports "buffer too small" with the size it
/// needs; that retry loop lives in `withOutputBuffer` and nowhere else.
enum ICU {
    /// An ICU failure, with ICU's own name for the status.
    struct Failure: Error, CustomStringConvertible {
        var status: Int32
        var operation: String
        var description: String { "\(operation) failed: \(String(cString: cicu_error_name(status)))" }
    }

    /// Runs `call(dest, capacity, &status)` with a buffer large enough for its output,
    /// retrying once with the length ICU reports when the first buffer was too small.
    static func withOutputBuffer(
        operation: String, estimate: Int,
        _ call: (UnsafeMutablePointer<UInt16>, Int32, inout Int32) -> Int32
    ) throws(Failure) -> [UInt16] {
        var capacity = max(estimate, 16)
        for _ in 0..<2 {
            var status: Int32 = 0
            var length: Int32 = 0
            let out = [UInt16](unsafeUninitializedCapacity: capacity) { buffer, count in
                length = call(buffer.baseAddress!, Int32(capacity), &status)
                count = (status <= 0 || status == CICU_STRING_NOT_TERMINATED) ? Int(min(length, Int32(capacity))) : 0
            }
            if status == CICU_BUFFER_OVERFLOW {
                capacity = Int(length) + 1
                continue
            }
            if status > 0 { throw Failure(status: status, operation: operation) }
            return out
        }
        throw Failure(status: CICU_BUFFER_OVERFLOW, operation: operation)
    }

    enum Form: Int32 {
        case nfc = 0, nfd = 1, nfkc = 2, nfkcCasefold = 3
    }

    /// `unorm2_normalize` on UTF-16 text.
    static func normalize(_ utf16: [UInt16], form: Form) -> [UInt16] {
        let result = try? utf16.withUnsafeBufferPointer { (src) throws(Failure) -> [UInt16] in
            try withOutputBuffer(operation: "unorm2_normalize", estimate: src.count * 2 + 4) { dest, cap, status in
                cicu_normalize(form.rawValue, src.baseAddress, Int32(src.count), dest, cap, &status)
            }
        }
        // Normalization of valid UTF-16 cannot fail but for memory; keep the input then.
        return result ?? utf16
    }

    /// `unorm2_normalize` on a few scalars (a combining sequence), handing out the result
    /// scalar by scalar: input and output stay on the stack. Longer texts take `normalize`.
    static func normalize(_ scalars: some Collection<Unicode.Scalar>, form: Form, each body: (Unicode.Scalar) -> Void) {
        let capacity = 32
        let done: Bool = withUnsafeTemporaryAllocation(of: UInt16.self, capacity: 2 * capacity) { buffer in
            let source = UnsafeMutableBufferPointer(rebasing: buffer[0..<capacity])
            let output = UnsafeMutableBufferPointer(rebasing: buffer[capacity...])
            var sourceCount = 0
            for scalar in scalars {
                guard sourceCount + 2 <= capacity, let units = UTF16.encode(scalar) else { return false }
                for unit in units {
                    source[sourceCount] = unit
                    sourceCount += 1
                }
            }
            var status: Int32 = 0
            let length = cicu_normalize(
                form.rawValue, source.baseAddress, Int32(sourceCount), output.baseAddress, Int32(capacity), &status)
            guard status <= 0 || status == CICU_STRING_NOT_TERMINATED, length <= capacity else { return false }
            var decoder = UTF16()
            var iterator = output[0..<Int(length)].makeIterator()
            while case .scalarValue(let s) = decoder.decode(&iterator) { body(s) }
            return true
        }
        if !done {
            for s in ICU.scalars(ICU.normalize(ICU.utf16(scalars), form: form)) { body(s) }
        }
    }

    /// `uspoof_getSkeleton`: the UTS #39 confusable skeleton (NFD) of the text.
    static func skeleton(_ utf16: [UInt16]) -> [UInt16]? {
        try? utf16.withUnsafeBufferPointer { (src) throws(Failure) -> [UInt16] in
            try withOutputBuffer(operation: "uspoof_getSkeleton", estimate: src.count * 3 + 4) { dest, cap, status in
                cicu_spoof_skeleton(src.baseAddress, Int32(src.count), dest, cap, &status)
            }
        }
    }

    /// `u_getCombiningClass`.
    @inline(__always)
    static func combiningClass(_ scalar: Unicode.Scalar) -> Int32 {
        scalar.value < 0x300 ? 0 : cicu_combining_class(Int32(bitPattern: scalar.value))
    }

    enum Property: Int32 {
        case defaultIgnorable = 0, extendedPictographic, emoji, emojiComponent, regionalIndicator, alphabetic, whiteSpace
    }

    /// `u_hasBinaryProperty`.
    static func has(_ property: Property, _ scalar: Unicode.Scalar) -> Bool {
        cicu_has_property(Int32(bitPattern: scalar.value), property.rawValue) != 0
    }
}

extension ICU {
    /// Scalars → UTF-16 code units.
    static func utf16(_ scalars: some Sequence<Unicode.Scalar>) -> [UInt16] {
        var out: [UInt16] = []
        out.reserveCapacity(8)
        for s in scalars { out.append(contentsOf: UTF16.encode(s)!) }
        return out
    }

    /// UTF-16 code units → scalars (ICU output is well-formed).
    static func scalars(_ utf16: [UInt16]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(utf16.count)
        var decoder = UTF16()
        var iterator = utf16.makeIterator()
        while case .scalarValue(let s) = decoder.decode(&iterator) { out.append(s) }
        return out
    }
}
