/// Softmax cross-entropy over the logits of many rows, forward fused with backward.
///
/// Rows are `vp` floats apart (the vocabulary padded to a multiple of 16); only
/// the first `v` columns are logits, the padding is ignored on input and written
/// as 0 on output. The bias b_q is added here rather than in the product.
///
/// Softmax is shift-invariant, so each row is shifted by its first logit c
/// rather than by its maximum (a horizontal maximum costs more than the rest of
/// the row). Σ exp(z − c) ≥ 1 then cannot underflow; if it could have overflowed
/// (a logit exceeds the first by about 88) the row is redone with the exact maximum.
public enum SoftmaxCrossEntropy {
    public typealias V = SIMD16<Float>

    /// Returns Σ_r −log softmax(z_r + b)[y_r] and, when `gradientScale` is given,
    /// overwrites z with (softmax(z + b) − onehot(y)) · gradientScale.
    /// z: (rows, vp); bias: (vp) with `vp % 16 == 0`; targets: (rows).
    public static func forward(
        logits z: UnsafeMutablePointer<Float>, rows: Int, v: Int, vp: Int,
        bias: UnsafePointer<Float>, targets: UnsafePointer<Int32>,
        gradientScale: Float?
    ) -> Double {
        // Invariant, not input: the padded width is computed from the vocabulary, which is never empty.
        precondition(vp % 16 == 0 && v <= vp && v > 0)
        let vectors = vp / 16
        // The exponentials of one row, then 16 row sums whose logs are taken together
        // (kept in memory: inserting a lane into a vector register costs a store-forwarding stall).
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: vp + 16)
        defer { scratch.deallocate() }
        let pending = scratch + vp
        // Lane l of the last vector is padding when (vectors − 1)·16 + l ≥ v.
        var lastIndex = V()
        for l in 0..<16 { lastIndex[l] = Float((vectors - 1) * 16 + l) }
        let firstPad = V(repeating: Float(v))
        var total: Double = 0
        var lane = 0
        for r in 0..<rows {
            let row = z + r * vp
            let target = Int(targets[r])
            var shift = row[0] + bias[0]
            let zy = row[target] + bias[target]
            var s = V()
            for q in 0..<vectors {
                var e = SIMDMath.exp(Matmul.load(row + q * 16) + Matmul.load(bias + q * 16) - shift)
                if q == vectors - 1 { e.replace(with: 0, where: lastIndex .>= firstPad) }
                Matmul.store(e, scratch + q * 16)
                s += e
            }
            var sum = SIMDMath.sum(s)
            // exp clamps at e^88 ≈ 1.65e38: a sum that large may hide an overflow (or is NaN).
            if !(sum < 1e38) { (sum, shift) = exactRow(row, v: v, vp: vp, bias: bias, into: scratch) }
            // −log softmax_y = log Σ exp(z − shift) + shift − z_y; the logs are taken 16 rows at a time.
            total += Double(shift - zy)
            pending[lane] = sum
            lane += 1
            if lane == 16 {
                total += Double(SIMDMath.sum(SIMDMath.log(Matmul.load(pending))))
                lane = 0
            }
            if let scale = gradientScale {
                let k = V(repeating: scale / sum)
                for q in 0..<vectors { Matmul.store(Matmul.load(scratch + q * 16) * k, row + q * 16) }
                row[target] -= scale
            }
        }
        if lane > 0 {
            for l in lane..<16 { pending[l] = 1 }
            total += Double(SIMDMath.sum(SIMDMath.log(Matmul.load(pending))))
        }
        return total
    }

    /// One row shifted by its exact maximum: writes exp(z + b − max) (padding 0)
    /// to `out` and returns (Σ, max). NaN logits give a NaN sum.
    static func exactRow(
        _ row: UnsafeMutablePointer<Float>, v: Int, vp: Int, bias: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>
    ) -> (sum: Float, max: Float) {
        var m = -Float.infinity
        for j in 0..<v {
            let x = row[j] + bias[j]
            if x > m || x.isNaN { m = x }
        }
        var sum: Float = 0
        for j in 0..<vp {
            out[j] = j < v ? SIMDMath.expScalar(row[j] + bias[j] - m) : 0
            sum += out[j]
        }
        return (sum, m)
    }
}
