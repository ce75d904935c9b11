#ifndef SANGLOC_FUZZ_DRIVER_H
#define SANGLOC_FUZZ_DRIVER_H

/// Runs libFuzzer's driver on the executable's LLVMFuzzerTestOneInput.
///
/// A debug `swift build` links executables with `--defsym main=<Target>_main` (testable
/// executables), a symbol `-parse-as-library` never emits; each fuzz target defines
/// `<Target>_main` to call this, so libFuzzer runs whichever way the executable is linked.
int sangloc_fuzz_main(int argc, char **argv);

#endif
