// CPrefetch is header-only (`static inline` hints, inlined into Swift callers); SwiftPM needs
// one source file to build a C target.
#include "cprefetch.h"
