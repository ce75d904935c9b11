/// The default Vietnamese rule pack, embedded in the library: an installed `sangloc` works
/// with no source tree. `DefaultPackFiles.swift` is generated from `wordlists/` by
/// `Scripts/embed-default-pack`; a test fails when the two differ.
public enum DefaultPack {
    /// The name that selects this pack on the command line (`--rules default`).
    public static let name = "default"
    /// The pack file, inside `files`.
    public static let root = "wordlists/default.yaml"

    /// The embedded files, by path relative to the repository.
    public static var files: [String: String] { DefaultPackFiles.files }

    /// Loads the embedded pack.
    public static func load() throws(RulePackError) -> RulePack {
        try RulePackLoader.load(path: root, source: InMemoryPackSource(files: DefaultPackFiles.files))
    }
}

extension RulePackLoader {
    /// Loads the packs named on a command line, in order: `default` is the embedded pack,
    /// anything else a pack file. Several packs are merged (`RulePack.merging`).
    /// Included files and wordlists outside a pack's folder are refused unless `allowOutsideIncludes`.
    public static func load(packs specs: [String], allowOutsideIncludes: Bool = false) throws(RulePackError) -> RulePack {
        var packs: [RulePack] = []
        for spec in specs.isEmpty ? [DefaultPack.name] : specs {
            packs.append(spec == DefaultPack.name
                ? try DefaultPack.load() : try load(path: spec, allowOutsideIncludes: allowOutsideIncludes))
        }
        return try RulePack.merging(packs)
    }
}
