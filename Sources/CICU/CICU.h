// Link-only module: ICU's headers are included by CICUShim's shim.c alone, never by Swift
// (Foundation on Linux carries its own ICU; seeing both in one Swift module fails to compile).
