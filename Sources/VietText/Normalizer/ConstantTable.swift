/// A table of plain values built once for the whole process and read through a plain pointer.
///
/// For the normalizer's static tables. A global `Array` is an object with a reference count,
/// and a function that reads it retains and releases it: concurrent workers normalizing new
/// chunks then write the same counts, whose cache line moves from core to core at each read.
/// Read through a pointer, the table costs nothing but its loads.
///
/// The memory is never freed: make these only for values that live as long as the process
/// (static tables built once).
struct ConstantTable<Element: BitwiseCopyable>: @unchecked Sendable {  // nobody writes after init
    private let base: UnsafePointer<Element>
    let count: Int

    init(_ values: [Element]) {
        let memory = UnsafeMutablePointer<Element>.allocate(capacity: max(1, values.count))
        _ = UnsafeMutableBufferPointer(start: memory, count: values.count).initialize(from: values)
        base = UnsafePointer(memory)
        count = values.count
    }

    @inline(__always)
    subscript(index: Int) -> Element {
        precondition(index >= 0 && index < count, "ConstantTable index out of range")
        return base[index]
    }

    var indices: Range<Int> { 0..<count }
}
