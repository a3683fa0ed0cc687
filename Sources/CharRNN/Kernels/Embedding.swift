/// One-hot inputs times W_xh, done as a row lookup, forward beside backward.
///
/// `oneHot(x) · W_xh` selects row x of W_xh, so the product is a gather and its
/// gradient a scatter-add: the same maths as the matrix product, 5–10× faster.
public enum Embedding {
    /// out[r, :] = table[ids[r], :] + bias   (the bias is optional).
    /// ids: (rows); table: (V, width) row stride `ldt`; bias: (width); out: (rows, width) row stride `ldo`.
    public static func forward(
        ids: UnsafePointer<Int32>, rows: Int, width: Int,
        table: UnsafePointer<Float>, ldt: Int, bias: UnsafePointer<Float>?,
        out: UnsafeMutablePointer<Float>, ldo: Int
    ) {
        for r in 0..<rows {
            let src = table + Int(ids[r]) * ldt
            let dst = out + r * ldo
            var j = 0
            if let bias {
                while j + 16 <= width {
                    Matmul.store(Matmul.load(src + j) + Matmul.load(bias + j), dst + j)
                    j += 16
                }
                while j < width { dst[j] = src[j] + bias[j]; j += 1 }
            } else {
                dst.update(from: src, count: width)
            }
        }
    }

    /// dTable[ids[r], :] += dOut[r, :] for every row r, in row order.
    /// ids: (rows); dOut: (rows, width) row stride `ldo`; dTable: (V, width) row stride `ldt`.
    public static func backward(
        ids: UnsafePointer<Int32>, rows: Int, width: Int,
        dOut: UnsafePointer<Float>, ldo: Int,
        dTable: UnsafeMutablePointer<Float>, ldt: Int
    ) {
        for r in 0..<rows {
            let src = dOut + r * ldo
            let dst = dTable + Int(ids[r]) * ldt
            var j = 0
            while j + 16 <= width {
                Matmul.store(Matmul.load(dst + j) + Matmul.load(src + j), dst + j)
                j += 16
            }
            while j < width { dst[j] += src[j]; j += 1 }
        }
    }

    /// The one-hot encoding of `ids` over `vocabularySize` entries, row-major (ids.count, V).
    ///
    /// For inspection only: the model never builds this matrix (see `forward`).
    public static func oneHot(_ ids: [Int], vocabularySize: Int) -> [Float] {
        var m = [Float](repeating: 0, count: ids.count * vocabularySize)
        for (r, id) in ids.enumerated() where id >= 0 && id < vocabularySize { m[r * vocabularySize + id] = 1 }
        return m
    }
}
