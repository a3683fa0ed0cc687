import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

/// The vector exp/tanh/log against libm in Double, over their whole ranges.
@Suite struct SIMDMathTests {
    typealias V = SIMD16<Float>

    /// Applies `f` to every value in `xs`, 16 at a time.
    static func apply(_ f: (V) -> V, _ xs: [Float]) -> [Float] {
        var out = [Float](repeating: 0, count: xs.count)
        var i = 0
        while i < xs.count {
            var v = V()
            for l in 0..<16 where i + l < xs.count { v[l] = xs[i + l] }
            let y = f(v)
            for l in 0..<16 where i + l < xs.count { out[i + l] = y[l] }
            i += 16
        }
        return out
    }

    /// Every `stride`-th float between `lo` and `hi` in bit-pattern order, so
    /// every binade is covered as densely as every other.
    static func floats(from lo: Float, to hi: Float, stride: Int) -> [Float] {
        // Map floats to integers that increase with the value, step, map back.
        func key(_ x: Float) -> Int64 {
            let b = Int64(x.bitPattern & 0x7FFF_FFFF)
            return x.sign == .minus ? -b : b
        }
        func value(_ k: Int64) -> Float {
            k < 0 ? -Float(bitPattern: UInt32(-k)) : Float(bitPattern: UInt32(k))
        }
        return Swift.stride(from: key(lo), through: key(hi), by: stride).map(value)
    }

    @Test func expIsWithinTwoUlpOnItsRange() {
        let xs = Self.floats(from: -87.3, to: 88, stride: 997)
        let ys = Self.apply(SIMDMath.exp, xs)
        let worst = Tolerance.largest(zip(xs, ys).map { x, y in
            let exact = Foundation.exp(Double(x))
            return abs(Double(y) - exact) / (exact * Double(Float.ulpOfOne))
        })
        #expect(worst <= 2, "worst error \(worst) ulp")
        #expect(xs.count > 1_000_000)
    }

    @Test func expClampsAndPropagatesNaN() {
        let y = SIMDMath.exp(V(-1000, -87.4, 88.1, 1000, .nan, -.infinity, .infinity, 0, 1, -1, 0, 0, 0, 0, 0, 0))
        #expect(y[0] > 0 && y[0] < 1.3e-38)
        #expect(y[1] < 1.3e-38)
        #expect(y[2] == y[3] && y[3].isFinite && y[3] > 1.6e38)
        #expect(y[4].isNaN)
        #expect(y[5] < 1.3e-38 && y[6].isFinite)
        #expect(y[7] == 1)
        #expect(abs(y[8] - 2.7182817) <= 2 * Float.ulpOfOne * 2.72)
    }

    @Test func tanhIsWithinBoundOnAllOfR() {
        var xs = Self.floats(from: -20, to: 20, stride: 499)
        xs += [0, -0.0, 1e-30, -1e-30, Float.leastNonzeroMagnitude, 1e30, -1e30, .greatestFiniteMagnitude, -.greatestFiniteMagnitude]
        let ys = Self.apply(SIMDMath.tanh, xs)
        let worst = Tolerance.largest(zip(xs, ys).map { x, y in abs(Double(y) - Foundation.tanh(Double(x))) })
        #expect(worst <= 2.5e-7, "worst absolute error \(worst)")
        #expect(Self.apply(SIMDMath.tanh, [.infinity, -.infinity]) == [1, -1])
        #expect(Self.apply(SIMDMath.tanh, [.nan])[0].isNaN)
    }

    /// The backward pass uses 1 − h² with h from the forward pass: its error
    /// against the exact derivative 1 − tanh²(x) stays within 2·|h|·2.5e-7 + ε.
    @Test func tanhDerivativePathIsAccurate() {
        let xs = Self.floats(from: -10, to: 10, stride: 4999)
        var h = Self.apply(SIMDMath.tanh, xs)
        var d = [Float](repeating: 1, count: xs.count)
        h.withUnsafeMutableBufferPointer { hp in
            d.withUnsafeMutableBufferPointer { dp in Tanh.backward(output: hp.baseAddress!, gradient: dp.baseAddress!, count: xs.count) }
        }
        let worst = Tolerance.largest(zip(xs, d).map { x, g in
            let t = Foundation.tanh(Double(x))
            return abs(Double(g) - (1 - t * t))
        })
        #expect(worst <= 6e-7, "worst absolute error \(worst)")
    }

    @Test func tanhForwardHandlesEveryLength() {
        for n in [0, 1, 3, 15, 16, 17, 33, 100] {
            var x = (0..<n).map { Float($0) * 0.1 - 2 }
            let want = x.map { Foundation.tanh(Double($0)) }
            x.withUnsafeMutableBufferPointer { Tanh.forward($0.baseAddress!, count: n) }
            #expect(n == 0 ? x.isEmpty : Tolerance.worst(x, want, atol: 2.5e-7) <= 1, "n=\(n)")
        }
    }

    @Test func logIsAccurateOnNormalInputs() {
        let xs = Self.floats(from: Float.leastNormalMagnitude, to: Float.greatestFiniteMagnitude, stride: 99_991)
        let ys = Self.apply(SIMDMath.log, xs)
        let worst = Tolerance.largest(zip(xs, ys).map { x, y in
            let exact = Foundation.log(Double(x))
            return abs(Double(y) - exact) / max(abs(exact), 1)
        })
        #expect(worst <= 2e-7, "worst error \(worst)")
    }

    @Test func reductions() {
        let v = V((0..<16).map { Float($0) - 7.5 })
        #expect(SIMDMath.sum(v) == 0)
        #expect(SIMDMath.max(v) == 7.5)
        #expect(SIMDMath.min(v, V(repeating: 0))[15] == 0 && SIMDMath.max(v, V(repeating: 0))[0] == 0)
    }
}
