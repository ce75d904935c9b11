@testable import SangLoc
import Testing
import Yams

/// `PackNode.isNull` answers for unresolved tags from the text alone: it must agree with the
/// tag Yams resolves, before and after resolution.
@Suite("PackNode.isNull")
struct PackNodeNullTests {
    @Test(arguments: [
        "~", "null", "Null", "NULL", "", "nULL", "nil", "none", "None", "0", "0.0", "false", "no", "off", "<<", "=",
        "2001-12-14", ".nan", ".inf", "'null'", "\"~\"", "!!null x", "!!null ''", "!!str null", "! null", "!!int 3",
        "|\n  null", "null # comment", "lừa đảo", "[null]", "{a: ~}",
    ])
    func agreesWithYamsResolver(_ value: String) throws {
        let document = try #require(try Yams.compose(yaml: "key: \(value)\n"))
        let valueNode = try #require(document["key"])
        let node = try PackNode(valueNode, file: "p.yaml", budget: NodeBudget(limit: 10))
        let fast = node.isNull
        var expected = false
        if case .scalar(let scalar) = valueNode, scalar.style == .plain || scalar.style == .any {
            expected = valueNode.tag.rawValue == Tag.Name.null.rawValue
        }
        #expect(fast == expected)
        // Once the tag is resolved, the answer comes from the tag itself.
        #expect(node.isNull == expected)
    }
}
