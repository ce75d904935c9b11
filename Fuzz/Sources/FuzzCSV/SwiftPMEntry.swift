import FuzzDriver

/// The entry point a debug `swift build` links as `main` (see FuzzDriver.h): runs libFuzzer.
@_cdecl("FuzzCSV_main")
public func swiftPMEntry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    sangloc_fuzz_main(argc, argv)
}
