import Foundation
import SangLoc
import Testing

/// The formats `sangloc eval` and `sangloc rules suggest` read: JSON lines with or without
/// spans, ViHOS span CSV, labelled CSV; and the errors that stop the reading.
@Suite("Labelled files: formats")
struct LabelledFormatsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("ViHOS span CSV: index lists become merged ranges, quoted fields keep commas, quotes and line breaks")
    func vihosCSV() throws {
        let csv = """
            ,content,index_spans
            0,"Bấp bênh vl thế","[9, 10]"
            1,"Hay, ""thật"" đấy
            dòng hai",[]
            2,Nói gì tào lao kg,"[7, 8, 9, 10, 11, 12, 13]"
            3,Cc thầy eie,"[0, 1, 3, 4]"
            """
        // Read by the .csv extension, and by sniffing when the name says nothing.
        for file in ["v.csv", "<labelled>"] {
            let posts = try LabelledPostReader.parse(csv, file: file)
            #expect(posts.map(\.post.id) == ["0", "1", "2", "3"])
            #expect(posts.map(\.line) == [2, 3, 5, 6])
            #expect(posts.map(\.expected) == [.harmful, .verified, .harmful, .harmful])
            #expect(posts.map(\.spans) == [[9..<11], [], [7..<14], [0..<2, 3..<5]])
            #expect(posts[1].post.text == "Hay, \"thật\" đấy\ndòng hai")
        }
    }

    @Test("JSON lines with spans: expected optional, harmful iff spans")
    func jsonLinesSpans() throws {
        let posts = try LabelledPostReader.parse(
            """
            {"id":"a","text":"đồ ngu","spans":[[3,6],[0,2]]}
            {"id":"b","text":"ok","spans":[]}
            {"id":"c","text":"đồ ngu","spans":[[3,6]],"expected":"unverified"}
            {"id":"d","text":"đồ ngu","expected":"harmful"}
            """, file: "s.jsonl")
        #expect(posts.map(\.expected) == [.harmful, .verified, .unverified, .harmful])
        #expect(posts.map(\.spans) == [[0..<2, 3..<6], [], [3..<6], nil])
    }

    @Test("labelled CSV: id, text and expected (or content and label), any of , ; tab")
    func labelledCSV() throws {
        let posts = try LabelledPostReader.parse(
            """
            id,text,expected
            x,"lừa đảo, nhé",harmful
            y,chào bạn,Verified
            """, file: "c.csv")
        #expect(posts.map(\.post.id) == ["x", "y"])
        #expect(posts.map(\.post.text) == ["lừa đảo, nhé", "chào bạn"])
        #expect(posts.map(\.expected) == [.harmful, .verified])
        #expect(posts.allSatisfy { $0.spans == nil })

        let tabs = try LabelledPostReader.parse("id\tcontent\tlabel\nz\tnghe nói\tunverified\n", file: "c.tsv")
        #expect(tabs.map(\.expected) == [.unverified])
        let semicolons = try LabelledPostReader.parse("id;content;label\nz;a, b;verified\n", file: "<labelled>")
        #expect(semicolons.map(\.post.text) == ["a, b"])
    }

    @Test("labelled CSV with a span column as well: spans as pairs, an empty cell is not annotated")
    func labelledCSVWithSpans() throws {
        let posts = try LabelledPostReader.parse(
            """
            id,text,expected,spans
            x,đồ ngu,harmful,"[[3, 6]]"
            y,chào,verified,
            """, file: "c.csv")
        #expect(posts.map(\.spans) == [[3..<6], nil])
    }

    @Test("the vendored ViHOS dev split reads whole")
    func vihosDev() throws {
        let file = Self.root.appendingPathComponent("Fixtures/vihos/dev.csv").path
        let posts = try LabelledPostReader.read(file: file)
        #expect(posts.count == 1106)
        #expect(posts.filter { $0.expected == .harmful }.count == 537)
        #expect(posts.allSatisfy { $0.spans != nil })
        #expect(posts[0].post.id == "0")
        #expect(posts[0].spans?.first == 0..<2)
        #expect(posts[2].spans == [7..<14])
    }

    @Test("a file that cannot be opened says so")
    func missingFile() {
        #expect {
            try LabelledPostReader.read(file: "/nonexistent/l.csv")
        } throws: { error in
            (error as? LabelledFileError)?.description.hasPrefix("/nonexistent/l.csv: cannot read the labelled file") == true
        }
    }
}

@Suite("Labelled files: errors with file and line")
struct LabelledFormatErrorTests {
    static let usage = "write \"spans\": [[start, end], ...] in Unicode scalar offsets, end exclusive ([] for a clean post)"
    static let cellUsage = "write every character index inside a span ([9, 10, 11]) or [start, end] pairs ([[9, 12]]), [] for none"

    @Test(arguments: [
        ("{\"id\":\"a\",\"text\":\"abc\",\"spans\":[[1,2]]}\n{\"id\":\"b\",\"text\":\"abc\",\"spans\":[[2,1]]}", "s.jsonl",
         "s.jsonl:2: span [2, 1] is empty or reversed; write [start, end] with start < end (end exclusive)"),
        (#"{"id":"a","text":"abc","spans":[[1,9]]}"#, "s.jsonl",
         "s.jsonl:1: span [1, 9] is outside the text, which has 3 characters (Unicode scalars): offsets run from 0 to 3, end exclusive"),
        (#"{"id":"a","text":"abc","spans":[[1]]}"#, "s.jsonl",
         "s.jsonl:1: span 1 of \"spans\" should be [start, end] with two whole numbers, found [1]; \(usage)"),
        (#"{"id":"a","text":"abc","spans":"0-2"}"#, "s.jsonl",
         "s.jsonl:1: \"spans\" should be an array, found a string; \(usage)"),
        (#"{"id":"a","text":"abc"}"#, "s.jsonl", "s.jsonl:1: missing \"expected\""),
        (",content,index_spans\n0,abc,[]\n1,abc,\"[1, 5]\"", "v.csv",
         "v.csv:3: character index 5 in the index_spans cell is outside the text, which has 3 characters (Unicode scalars, indices 0 to 2)"),
        (",content,index_spans\n0,abc,\"[1, x]\"", "v.csv", "v.csv:2: the index_spans cell '[1, x]' has 'x'; \(cellUsage)"),
        (",content,index_spans\n0,abc,\"[1, 2\"", "v.csv", "v.csv:2: the index_spans cell '[1, 2' leaves a bracket open; \(cellUsage)"),
        (",content,index_spans\n0,abc,", "v.csv", "v.csv:2: the index_spans cell is empty; write [] for a post without harmful spans"),
        (",content,index_spans\n0,abc,[]\n1,a,b,[]", "v.csv",
         "v.csv:3: the row has 4 fields, the header has 3; quote fields that contain the delimiter, a quote or a line break"),
        (",content,index_spans\n0,abc,[]\n1,\"abc,[]\n", "v.csv",
         "v.csv:3: a quoted field is never closed: it runs to the end of the file (a stray '\"'? write \"\" for a quote inside a quoted field)"),
        ("a,b\n1,2", "v.csv",
         "v.csv:1: the header has the columns 'a', 'b'; a labelled CSV needs a text column (text or content) and a span column "
            + "(index_spans or spans) or a label column (expected or label). For JSON lines, name the file .jsonl"),
        ("id,text,label\nx,abc,spam", "c.csv", "c.csv:2: label is 'spam'; use harmful, unverified or verified"),
        ("id,text,label\nx,abc,harmful\n\nx,def,verified", "c.csv",
         "c.csv:4: id 'x' already used on line 2; give every post its own id so errors can be found"),
    ])
    func badFile(_ input: String, _ file: String, _ message: String) {
        #expect {
            try LabelledPostReader.parse(input, file: file)
        } throws: { error in
            (error as? LabelledFileError)?.description == message
        }
    }

    @Test("no row is dropped: an empty id takes the file and line")
    func emptyID() throws {
        let posts = try LabelledPostReader.parse(",content,index_spans\n,abc,[]\n7,def,[]", file: "v.csv")
        #expect(posts.map(\.post.id) == ["v.csv:2", "7"])
    }
}
