import Dispatch

/// This machine's FP32 multiply-add peak, measured by a loop of independent
/// `SIMD16` fused multiply-adds that never touches memory.
public enum PeakFLOPs {
    /// GFLOP/s of one thread (2 FLOP per lane per FMA).
    public static func singleThread() -> Double {
        let iterations = 2_000_000
        let sink = FloatBuffer(count: 1)
        let seconds = bestSecondsPerCall(rounds: 5, minSeconds: 0.2) { loop(iterations, into: sink.pointer) }
        return Double(iterations) * 12 * 16 * 2 / seconds / 1e9
    }

    /// GFLOP/s of `threads` threads running the loop at once.
    public static func allThreads(_ threads: Int) -> Double {
        let iterations = 2_000_000
        let seconds = bestSecondsPerCall(rounds: 5, minSeconds: 0.2) {
            let sinks = FloatBuffer(count: threads * 16)
            DispatchQueue.concurrentPerform(iterations: threads) { t in loop(iterations, into: sinks.pointer + 16 * t) }
        }
        return Double(threads * iterations) * 12 * 16 * 2 / seconds / 1e9
    }

    /// Twelve independent accumulator chains hide the FMA latency; the result is
    /// stored through `sink` (and seeded from it) so the loop cannot be hoisted.
    @inline(never)
    static func loop(_ n: Int, into sink: UnsafeMutablePointer<Float>) {
        typealias V = SIMD16<Float>
        let a = V(repeating: 0.999_999), b = V(repeating: 1e-7 + sink[0] * 1e-30)
        var c0 = V(repeating: 1), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0
        var c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0
        for _ in 0..<n {
            c0 = b.addingProduct(c0, a); c1 = b.addingProduct(c1, a); c2 = b.addingProduct(c2, a)
            c3 = b.addingProduct(c3, a); c4 = b.addingProduct(c4, a); c5 = b.addingProduct(c5, a)
            c6 = b.addingProduct(c6, a); c7 = b.addingProduct(c7, a); c8 = b.addingProduct(c8, a)
            c9 = b.addingProduct(c9, a); c10 = b.addingProduct(c10, a); c11 = b.addingProduct(c11, a)
        }
        let s = c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11
        sink[0] = SIMDMath.sum(s)
    }
}

/// Keeps a value alive so the optimiser cannot drop the work that made it.
@inline(never)
public func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
