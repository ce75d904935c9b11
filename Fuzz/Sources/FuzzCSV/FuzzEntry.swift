import FuzzSupport
import SangLoc

/// libFuzzer entry point: reads the input as csv through `openRecordSource`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    ReaderFuzzing.readAll(UnsafeRawBufferPointer(start: data, count: size), format: .csv, suffix: ".csv")
    return 0
}
