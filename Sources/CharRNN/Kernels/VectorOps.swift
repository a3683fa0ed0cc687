/// Whole-buffer loops over flat `Float` arrays: sums, norms, scaling, updates.
public enum VectorOps {
    public typealias V = SIMD16<Float>

    /// y += x.  x, y: (count)
    public static func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 16 <= count {
            Matmul.store(Matmul.load(y + i) + Matmul.load(x + i), y + i)
            i += 16
        }
        while i < count { y[i] += x[i]; i += 1 }
    }

    /// y += α·x.  x, y: (count)
    public static func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        let a = V(repeating: alpha)
        var i = 0
        while i + 16 <= count {
            Matmul.store(Matmul.load(y + i).addingProduct(a, Matmul.load(x + i)), y + i)
            i += 16
        }
        while i < count { y[i] = y[i].addingProduct(alpha, x[i]); i += 1 }
    }

    /// x ← α·x.  x: (count)
    public static func scale(_ x: UnsafeMutablePointer<Float>, by alpha: Float, count: Int) {
        var i = 0
        while i + 16 <= count {
            Matmul.store(Matmul.load(x + i) * alpha, x + i)
            i += 16
        }
        while i < count { x[i] *= alpha; i += 1 }
    }

    /// Σ x², accumulated in Double in a fixed order (16 partial sums per block of 4096).
    public static func sumOfSquares(_ x: UnsafePointer<Float>, count: Int) -> Double {
        var total: Double = 0
        var start = 0
        while start < count {
            let end = min(start + 4096, count)
            var acc = V()
            var i = start
            while i + 16 <= end {
                let v = Matmul.load(x + i)
                acc.addProduct(v, v)
                i += 16
            }
            var block = Double(SIMDMath.sum(acc))
            while i < end { block += Double(x[i]) * Double(x[i]); i += 1 }
            total += block
            start = end
        }
        return total
    }

    /// Whether every element is finite (no NaN, no ±inf).
    public static func allFinite(_ x: UnsafePointer<Float>, count: Int) -> Bool {
        var acc = V()
        var i = 0
        while i + 16 <= count {
            acc += Matmul.load(x + i) * 0
            i += 16
        }
        while i < count { if !x[i].isFinite { return false }; i += 1 }
        return SIMDMath.sum(acc) == 0
    }

    /// sums[j] += Σ_r x[r, j].  x: (rows, width) row stride `ld`; sums: (width)
    public static func addColumnSums(_ x: UnsafePointer<Float>, rows: Int, width: Int, ld: Int, into sums: UnsafeMutablePointer<Float>) {
        for r in 0..<rows { add(x + r * ld, into: sums, count: width) }
    }
}
