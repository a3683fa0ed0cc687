/// Softmax cross-entropy over the logits of many rows, forward fused with backward.
///
/// Rows are `vp` floats apart (the vocabulary padded to a multiple of 16); only
/// the first `v` columns are logits, the padding is ignored on input and written
/// as 0 on output. The bias b_q is added here rather than in the product.
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
        precondition(vp % 16 == 0 && v <= vp && v > 0)
        let vectors = vp / 16
        // Lanes at or beyond v in the last vector are padding.
        var lastValid = SIMDMask<SIMD16<Int32>>()
        for l in 0..<16 { lastValid[l] = (vectors - 1) * 16 + l < v }
        let negInf = V(repeating: -.infinity)
        var total: Double = 0
        var sums = V(repeating: 1)
        var lane = 0
        for r in 0..<rows {
            let row = z + r * vp
            var mx = negInf
            for q in 0..<vectors {
                var x = Matmul.load(row + q * 16) + Matmul.load(bias + q * 16)
                if q == vectors - 1 { x.replace(with: -.infinity, where: .!lastValid) }
                Matmul.store(x, row + q * 16)
                mx = SIMDMath.max(mx, x)
            }
            let m = SIMDMath.max(mx)
            let target = Int(targets[r])
            // Loss term: log Σ exp(z − m) − (z_y − m); the log is taken 16 rows at a time.
            total += Double(m - row[target])
            var s = V()
            for q in 0..<vectors {
                let e = SIMDMath.exp(Matmul.load(row + q * 16) - m)
                Matmul.store(e, row + q * 16)
                s += e
            }
            let sum = SIMDMath.sum(s)
            sums[lane] = sum
            lane += 1
            if lane == 16 {
                total += Double(SIMDMath.sum(SIMDMath.log(sums)))
                lane = 0
            }
            if let scale = gradientScale {
                let k = V(repeating: scale / sum)
                for q in 0..<vectors { Matmul.store(Matmul.load(row + q * 16) * k, row + q * 16) }
                row[target] -= scale
            }
        }
        if lane > 0 {
            for l in lane..<16 { sums[l] = 1 }
            total += Double(SIMDMath.sum(SIMDMath.log(sums)))
        }
        return total
    }
}
