import Testing

@testable import SangLoc

@Suite("JSON parser")
struct InputJSONParserTests {
    /// Parses `json` and returns the error message, or `nil` when it is valid.
    func error(_ json: String) -> String? {
        let bytes = Array(json.utf8)
        return { () -> String? in
            let buffer = bytes.span
            var document = JSONDocument()
            do throws(JSONSyntaxError) {
                try document.parse(buffer)
                return nil
            } catch {
                return error.message(in: buffer)
            }
        }()
    }

    @Test(
        "valid documents parse",
        arguments: [
            "{}", "[]", " {\"a\" : [1, -0.5e+3, true, false, null, \"x\"]} ", "\"\\u00e9\\/\\\\\"", "0", "-12.5E-2",
        ])
    func valid(json: String) {
        #expect(error(json) == nil)
    }

    @Test(
        "errors say what was expected and at which column",
        arguments: [
            ("{\"a\":1 \"b\":2}", "invalid JSON at column 8: expected ',' or '}', found '\"'"),
            ("[1,]", "invalid JSON at column 4: expected a value, found ']'"),
            ("{\"a\" 1}", "invalid JSON at column 6: expected ':' after the key, found '1'"),
            ("{a:1}", "invalid JSON at column 2: expected a string key in double quotes, found 'a'"),
            ("\"abc", "invalid JSON at column 1: string is not closed (missing '\"')"),
            ("01", "invalid JSON at column 2: unexpected '1' after the end of the JSON value"),
            ("1.", "invalid JSON at column 3: expected a digit after the decimal point, found the end of the input"),
            ("\"\\x\"", "invalid JSON at column 2: invalid escape \\ followed by 'x' in string"),
            ("\"\\u12\"", "invalid JSON at column 6: expected 4 hex digits after '\\u', found '\"'"),
            ("\"a\tb\"", "invalid JSON at column 3: control character U+0009 in a string must be escaped (\\n, \\t, \\u00XX)"),
            ("[tru]", "invalid JSON at column 2: expected a value, found 't'"),
            ("{\"ả\":[1 2]}", "invalid JSON at column 9: expected ',' or ']', found '2'"),
            ("[\n  1,\n  }", "invalid JSON at line 3, column 3: expected a value, found '}'"),
            ("", "invalid JSON at column 1: expected a value, found the end of the input"),
            ("[1", "invalid JSON at column 3: expected ',' or ']', found the end of the input"),
            ("[lừa]", "invalid JSON at column 2: expected a value, found 'l'"),
            ("[ừ]", "invalid JSON at column 2: expected a value, found 'ừ'"),
        ])
    func errors(json: String, message: String) {
        #expect(error(json) == message)
    }

    @Test("nesting is limited to 512 levels")
    func depthLimit() {
        #expect(error(String(repeating: "[", count: 512) + String(repeating: "]", count: 512)) == nil)
        #expect(
            error(String(repeating: "[", count: 513) + String(repeating: "]", count: 513))
                == "invalid JSON at column 513: nesting deeper than 512 levels")
    }

    @Test("numbers keep their text; dotted paths reach into objects and arrays")
    func lookup() throws {
        let bytes = Array(#"{"data":{"items":[{"v":1.50},{"v":"x"}]},"data.flat":true}"#.utf8)
        try { () in
            let buffer = bytes.span
            var document = JSONDocument()
            try document.parse(buffer)
            let number = document.value(at: FieldPath("data.items.0.v"), in: document.root, bytes: buffer)
            #expect(number.map { document.rawText($0, in: buffer) } == "1.50")
            let string = document.value(at: FieldPath("data.items.1.v"), in: document.root, bytes: buffer)
            #expect(string.map { document.string($0, in: buffer).text } == "x")
            let flat = document.value(at: FieldPath("data.flat"), in: document.root, bytes: buffer)
            #expect(flat.map { document[$0].kind } == .true)
            #expect(document.value(at: FieldPath("data.items.2.v"), in: document.root, bytes: buffer) == nil)
        }()
    }

    @Test("field lookup: the last of repeated keys, escaped keys, the empty key, dotted paths", arguments: [
        (#"{"text":"a","text":"b"}"#, "text", "b"),
        (#"{"t\u0065xt":"escaped","x":1}"#, "text", "escaped"),
        (#"{"tex":"short","texts":"long","text":"exact"}"#, "text", "exact"),
        (#"{"":"empty","text":"t"}"#, "", "empty"),
        (#"{"data":{"message":"nested"},"text":"t"}"#, "data.message", "nested"),
        (#"{"data.message":"whole key","data":{"message":"nested"}}"#, "data.message", "whole key"),
        (#"{"items":[{"v":"zero"},{"v":"one"}]}"#, "items.1.v", "one"),
    ])
    func fieldLookup(json: String, field: String, expected: String) throws {
        let bytes = Array(json.utf8)
        let found = try { () -> String? in
            let buffer = bytes.span
            var document = JSONDocument()
            try document.parse(buffer)
            return document.value(at: FieldPath(field), in: document.root, bytes: buffer).map { document.string($0, in: buffer).text }
        }()
        #expect(found == expected)
    }
}
