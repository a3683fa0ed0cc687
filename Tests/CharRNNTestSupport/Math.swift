import Foundation

// Double-precision libm, named so call sites in the reference read unambiguously.
@inline(__always) func Foundation_tanh(_ x: Double) -> Double { Foundation.tanh(x) }
@inline(__always) func Foundation_exp(_ x: Double) -> Double { Foundation.exp(x) }
@inline(__always) func Foundation_log(_ x: Double) -> Double { Foundation.log(x) }

/// Tolerances and comparisons shared by the engine's tests.
///
/// Every comparison here fails on what it cannot vouch for: a NaN or an
/// infinity on either side, arrays of different lengths, or nothing to
/// compare all give `.infinity`, which no `≤ bound` check passes.
public enum Tolerance {
    /// The largest of `errors`, or `.infinity` when one is NaN or infinite or
    /// when there are none (a check over nothing checked nothing).
    public static func largest<S: Sequence>(_ errors: S) -> Double where S.Element == Double {
        var worst: Double?
        for e in errors {
            guard e.isFinite else { return .infinity }
            worst = Swift.max(worst ?? e, e)
        }
        return worst ?? .infinity
    }

    /// |a − b| ≤ atol + rtol·|b| for every element; returns the worst excess
    /// ratio (≤ 1 passes), `.infinity` for a non-finite element, a length
    /// mismatch or empty arrays.
    public static func worst<A: Collection, B: Collection>(_ a: A, _ b: B, rtol: Double = 0, atol: Double) -> Double
    where A.Element: BinaryFloatingPoint, B.Element: BinaryFloatingPoint {
        guard a.count == b.count else { return .infinity }
        return largest(zip(a, b).lazy.map { x, y in
            let (x, y) = (Double(x), Double(y))
            guard x.isFinite, y.isFinite else { return .infinity }
            return x == y ? 0 : abs(x - y) / (atol + rtol * abs(y))
        })
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
