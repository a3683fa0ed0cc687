import Foundation

// Double-precision libm, named so call sites in the reference read unambiguously.
@inline(__always) func Foundation_tanh(_ x: Double) -> Double { Foundation.tanh(x) }
@inline(__always) func Foundation_exp(_ x: Double) -> Double { Foundation.exp(x) }
@inline(__always) func Foundation_log(_ x: Double) -> Double { Foundation.log(x) }

/// Tolerances and comparisons shared by the engine's tests.
public enum Tolerance {
    /// |a − b| ≤ atol + rtol·|b| for every element; returns the worst excess ratio (≤ 1 passes).
    public static func worst(_ a: [Double], _ b: [Double], rtol: Double, atol: Double) -> Double {
        precondition(a.count == b.count)
        var worst = 0.0
        for (x, y) in zip(a, b) {
            let r = abs(x - y) / (atol + rtol * abs(y))
            if !(r <= worst) { worst = r }
        }
        return worst
    }

    /// The largest absolute difference.
    public static func maxAbsDiff(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }
}

/// Central finite differences of `f` at `x`: (f(x + ε eᵢ) − f(x − ε eᵢ)) / 2ε for each i in `indices`.
public func numericalGradient(_ f: ([Double]) -> Double, at x: [Double], indices: [Int], epsilon: Double) -> [Double] {
    indices.map { i in
        var p = x, m = x
        p[i] += epsilon
        m[i] -= epsilon
        return (f(p) - f(m)) / (2 * epsilon)
    }
}

/// Float tanh from libm, for tests that recompute the seed's printed values.
public func Foundation_tanhf(_ x: Float) -> Float { Foundation.tanhf(x) }
