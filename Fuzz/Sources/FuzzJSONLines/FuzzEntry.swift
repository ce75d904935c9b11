import FuzzSupport
import SangLoc

/// libFuzzer entry point: reads the input as jsonl through `openRecordSource`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    ReaderFuzzing.readAll(UnsafeRawBufferPointer(start: data, count: size), format: .jsonl, suffix: ".jsonl")
    return 0
}
