import Foundation
import SangLoc
import Testing

/// A "billion laughs" pack: `match` is a condition and each `unless` entry an `any` of ten
/// aliases of the entry before, so the last one stands for 10⁹ conditions.
func conditionBomb(levels: Int) -> String {
    var yaml = "pack: bomb\nrules:\n  - id: b.x\n    verdict: harmful\n    match: &c0 { terms: [lol] }\n    unless:\n"
    for level in 1...levels {
        yaml += "      - &c\(level) { any: [" + Array(repeating: "*c\(level - 1)", count: 10).joined(separator: ", ") + "] }\n"
    }
    return yaml
}

@Suite("RulePackLoader: limits against hostile packs")
struct RulePackLoaderLimitsTests {
    @Test("an alias bomb stops at the node limit, quickly")
    func aliasBomb() {
        let clock = ContinuousClock()
        let start = clock.now
        let text = errorText(["pack.yaml": conditionBomb(levels: 9)])
        #expect(clock.now - start < .seconds(20))
        #expect(text.hasSuffix(
            ": the pack expands to more than 1000000 YAML nodes; YAML aliases (*name) that repeat large parts of a file can do this; write the values out or use a list"))
    }

    @Test("a small amount of aliasing within the limit loads")
    func aliasesWithinLimit() throws {
        let pack = try loadPack(["pack.yaml": conditionBomb(levels: 3)])
        #expect(pack.rules[0].unless.count == 3)
    }

    @Test("aliases as mapping keys are refused before Yams hashes them", arguments: [
        ("pack: p\nx: &a [a]\n*a : y\n", "pack.yaml:3:1: a mapping key here is an alias, a list or a mapping, which a pack never needs; keys must be plain words; in a file that uses aliases, do not write ']: ' or '}: ' even inside quotes"),
        ("pack: p\nx: &a [a]\n? *a\n: y\n", "pack.yaml:3:1: a mapping key here is an alias, a list or a mapping, which a pack never needs; keys must be plain words; in a file that uses aliases, do not write ']: ' or '}: ' even inside quotes"),
        ("pack: p\nx: &a [a]\ny: { [*a]: z }\n", "pack.yaml:3:9: a mapping key here is an alias, a list or a mapping, which a pack never needs; keys must be plain words; in a file that uses aliases, do not write ']: ' or '}: ' even inside quotes"),
    ])
    func aliasKeys(yaml: String, expected: String) {
        #expect(errorText(["pack.yaml": yaml]) == expected)
    }

    @Test("a pack file over 16 MiB is refused before parsing")
    func fileTooLarge() {
        let big = "pack: p\n# " + String(repeating: "x", count: 16 * 1024 * 1024) + "\n"
        #expect(errorText(["pack.yaml": big]) == "pack file 'pack.yaml' is 16777227 bytes; the limit is 16 MiB; split it into smaller files")
    }
}
