/// A fixed-size, 64-byte aligned, zero-initialised `Float` allocation owned by a class.
///
/// Kernels take raw pointers; this type owns the memory behind them. It is
/// `@unchecked Sendable` because the threaded batch runner hands disjoint parts
/// of one buffer to different threads and joins them before any other access.
public final class FloatBuffer: @unchecked Sendable {
    public let count: Int
    public let pointer: UnsafeMutablePointer<Float>

    public init(count: Int) {
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * 4, alignment: 64)
        pointer = raw.bindMemory(to: Float.self, capacity: max(1, count))
        pointer.initialize(repeating: 0, count: max(1, count))
    }

    deinit { pointer.deallocate() }

    public func zero() { pointer.update(repeating: 0, count: count) }

    public var buffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: pointer, count: count) }

    public var array: [Float] { Array(buffer) }
}

/// A fixed-size `Int32` allocation (token ids), as `FloatBuffer`.
public final class IndexBuffer: @unchecked Sendable {
    public let count: Int
    public let pointer: UnsafeMutablePointer<Int32>

    public init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(1, count))
        pointer.initialize(repeating: 0, count: max(1, count))
    }

    deinit { pointer.deallocate() }
}

/// `n` rounded up to a multiple of 16 (one `SIMD16<Float>`).
@inline(__always)
public func roundUpTo16(_ n: Int) -> Int { (n + 15) & ~15 }
