import SangLoc

/// libFuzzer entry point: loads the input as a rule pack's YAML text and, when it loads,
/// compiles it. Errors are expected; crashes and hangs are not.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let yaml = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let pack = try? RulePackLoader.load(yaml: yaml, name: "fuzz.yaml") else { return 0 }
    guard let screener = try? Screener(pack: pack) else { return 0 }
    _ = screener.screen(Post(id: "fuzz", text: "tin đồn: ngân hàng sắp phá sản, rút tiền ngay aaaaaaaaaaaaaaaa!"))
    return 0
}
