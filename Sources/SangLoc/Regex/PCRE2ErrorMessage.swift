internal import CPCRE2

/// PCRE2's own text for an error code, from `pcre2_get_error_message_8`.
///
/// Returns a fallback naming the code when PCRE2 does not know it, so a caller always has
/// something to show.
func pcre2ErrorMessage(_ code: Int32) -> String {
    var buffer = [PCRE2_UCHAR8](repeating: 0, count: 256)
    let length = pcre2_get_error_message_8(code, &buffer, buffer.count)
    guard length >= 0 else { return "unknown PCRE2 error \(code)" }
    return String(decoding: buffer[0..<Int(length)], as: UTF8.self)
}
