#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Zeroed memory mapped from the system in one piece, aligned to 2 MB and, on Linux, asked to
/// be backed by 2 MB pages (`MADV_HUGEPAGE`) where the system allows it.
///
/// For the chunk table, which is written a little at a time over a whole run: with 4 KB pages,
/// filling its slots and arena faults in thousands of pages one by one. Untouched 2 MB pages
/// cost nothing, as untouched 4 KB pages do. The one owner of the mapping (`release()`).
struct ZeroedRegion {
    /// The region's first byte (2 MB-aligned).
    let base: UnsafeMutableRawPointer
    private let mapping: UnsafeMutableRawPointer
    private let mappingSize: Int

    static let hugePageSize = 2 << 20

    /// A region of `byteCount` zero bytes; stops the process when the system has no memory
    /// to map (as `allocate` does).
    init(byteCount: Int) {
        let size = byteCount + Self.hugePageSize
        #if canImport(Glibc)
        let flags = MAP_PRIVATE | MAP_ANONYMOUS
        #else
        let flags = MAP_PRIVATE | MAP_ANON
        #endif
        guard let mapped = mmap(nil, size, PROT_READ | PROT_WRITE, flags, -1, 0), mapped != MAP_FAILED else {
            fatalError("out of memory: cannot map \(size) bytes for the chunk table")
        }
        mapping = mapped
        mappingSize = size
        let aligned = (Int(bitPattern: mapped) + Self.hugePageSize - 1) & ~(Self.hugePageSize - 1)
        base = UnsafeMutableRawPointer(bitPattern: aligned)!
        #if os(Linux)
        // A hint: refused or unsupported, the region still works with small pages.
        _ = madvise(base, byteCount, 14)  // MADV_HUGEPAGE
        #endif
    }

    /// Returns the memory to the system; the region must not be used afterwards.
    func release() {
        munmap(mapping, mappingSize)
    }
}
