import Dispatch

/// This machine's FP32 multiply-add peak, measured by loops of independent
/// `SIMD16` fused multiply-adds that never touch memory.
///
/// Two loops, twelve accumulator chains (enough to hide the FMA latency with 32
/// vector registers) and six (which fit 16 registers: twelve would spill to the
/// stack with AVX2); the faster one is the peak. Each is timed in many short
/// rounds (about 2 ms) and the best kept, so that on a shared machine some
/// round runs without being preempted.
public enum PeakFLOPs {
    static let iterations = 200_000
    /// FLOP of one call of either loop (2 per lane per FMA).
    static let flopsPerCall = Double(iterations) * 12 * 16 * 2

    /// GFLOP/s of one thread.
    public static func singleThread() -> Double {
        let sink = FloatBuffer(count: 1)
        let seconds = [loop12, loop6].map { loop in
            bestSecondsPerCall(rounds: 25, minSeconds: 0.05) { loop(iterations, sink.pointer) }
        }.min()!
        return flopsPerCall / seconds / 1e9
    }

    /// GFLOP/s of `threads` threads running the loop at once.
    public static func allThreads(_ threads: Int) -> Double {
        let seconds = [loop12, loop6].map { loop in
            bestSecondsPerCall(rounds: 25, minSeconds: 0.05) {
                let sinks = FloatBuffer(count: threads * 16)
                DispatchQueue.concurrentPerform(iterations: threads) { t in loop(iterations, sinks.pointer + 16 * t) }
            }
        }.min()!
        return Double(threads) * flopsPerCall / seconds / 1e9
    }

    typealias V = SIMD16<Float>

    /// 12·n FMAs on twelve chains; the result is stored through `sink` (and
    /// seeded from it) so the loop cannot be hoisted.
    @inline(never)
    static func loop12(_ n: Int, into sink: UnsafeMutablePointer<Float>) {
        let a = V(repeating: 0.999_999), b = V(repeating: 1e-7 + sink[0] * 1e-30)
        var c0 = V(repeating: 1), c1 = c0 + 1, c2 = c0 + 2, c3 = c0 + 3, c4 = c0 + 4, c5 = c0 + 5
        var c6 = c0 + 6, c7 = c0 + 7, c8 = c0 + 8, c9 = c0 + 9, c10 = c0 + 10, c11 = c0 + 11
        for _ in 0..<n {
            c0 = b.addingProduct(c0, a); c1 = b.addingProduct(c1, a); c2 = b.addingProduct(c2, a)
            c3 = b.addingProduct(c3, a); c4 = b.addingProduct(c4, a); c5 = b.addingProduct(c5, a)
            c6 = b.addingProduct(c6, a); c7 = b.addingProduct(c7, a); c8 = b.addingProduct(c8, a)
            c9 = b.addingProduct(c9, a); c10 = b.addingProduct(c10, a); c11 = b.addingProduct(c11, a)
        }
        let s = c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11
        sink[0] = SIMDMath.sum(s)
    }

    /// The same 12·n FMAs on six chains.
    @inline(never)
    static func loop6(_ n: Int, into sink: UnsafeMutablePointer<Float>) {
        let a = V(repeating: 0.999_999), b = V(repeating: 1e-7 + sink[0] * 1e-30)
        var c0 = V(repeating: 1), c1 = c0 + 1, c2 = c0 + 2, c3 = c0 + 3, c4 = c0 + 4, c5 = c0 + 5
        for _ in 0..<(2 * n) {
            c0 = b.addingProduct(c0, a); c1 = b.addingProduct(c1, a); c2 = b.addingProduct(c2, a)
            c3 = b.addingProduct(c3, a); c4 = b.addingProduct(c4, a); c5 = b.addingProduct(c5, a)
        }
        sink[0] = SIMDMath.sum(c0 + c1 + c2 + c3 + c4 + c5)
    }
}

/// Keeps a value alive so the optimiser cannot drop the work that made it.
@inline(never)
public func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
