/// The RNN's weights padded and rearranged for the kernels, rebuilt once per minibatch.
///
/// H and V are padded to Hp, Vp (multiples of 16) with zeros, so every product
/// runs on whole `SIMD16` vectors; padded hidden units stay exactly 0 through
/// forward and backward (their weights and pre-activations are 0, tanh(0) = 0).
/// Matrices read as the B operand of a product are packed into column panels
/// (`Matmul.pack`); W_hh and W_hq are also kept transposed for the backward pass.
public final class PackedRNN: @unchecked Sendable {
    public let v: Int, h: Int, vp: Int, hp: Int
    /// W_xh (V, Hp), row-major: the rows the one-hot inputs select.
    public let wxh: FloatBuffer
    /// b_h (Hp)
    public let bh: FloatBuffer
    /// W_hh (Hp, Hp) packed; its transpose (Hp, Hp) packed.
    public let whh: FloatBuffer, whhT: FloatBuffer
    /// W_hq (Hp, Vp) packed; its transpose (Vp, Hp) packed.
    public let whq: FloatBuffer, whqT: FloatBuffer
    /// b_q (Vp)
    public let bq: FloatBuffer
    private let scratch: FloatBuffer

    public init(config: ModelConfig) {
        v = config.vocabularySize
        h = config.hidden
        vp = roundUpTo16(v)
        hp = roundUpTo16(h)
        wxh = FloatBuffer(count: v * hp)
        bh = FloatBuffer(count: hp)
        whh = FloatBuffer(count: hp * hp)
        whhT = FloatBuffer(count: hp * hp)
        whq = FloatBuffer(count: hp * vp)
        whqT = FloatBuffer(count: vp * hp)
        bq = FloatBuffer(count: vp)
        scratch = FloatBuffer(count: max(hp * hp, hp * vp))
    }

    /// Copies the weights of `params` (layout `ModelConfig.layout`) in.
    public func load(_ params: ParameterArena) {
        let l = params.layout
        params.storage.withUnsafeBufferPointer { p in
            let base = p.baseAddress!
            PackedRNN.pad(base + l.offsets[0], rows: v, cols: h, into: wxh.pointer, ld: hp)
            PackedRNN.pad(base + l.offsets[2], rows: 1, cols: h, into: bh.pointer, ld: hp)
            PackedRNN.pad(base + l.offsets[4], rows: 1, cols: v, into: bq.pointer, ld: vp)
            packPadded(base + l.offsets[1], rows: h, cols: h, transpose: false, rowsP: hp, colsP: hp, into: whh)
            packPadded(base + l.offsets[1], rows: h, cols: h, transpose: true, rowsP: hp, colsP: hp, into: whhT)
            packPadded(base + l.offsets[3], rows: h, cols: v, transpose: false, rowsP: hp, colsP: vp, into: whq)
            packPadded(base + l.offsets[3], rows: h, cols: v, transpose: true, rowsP: vp, colsP: hp, into: whqT)
        }
    }

    /// src (rows, cols) → dst (rows, ld) with zero padding on the right.
    static func pad(_ src: UnsafePointer<Float>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<Float>, ld: Int) {
        for r in 0..<rows {
            (dst + r * ld).update(from: src + r * cols, count: cols)
            (dst + r * ld + cols).update(repeating: 0, count: ld - cols)
        }
    }

    /// src (rows, cols), optionally transposed, zero-padded to (rowsP, colsP), then panel-packed.
    private func packPadded(
        _ src: UnsafePointer<Float>, rows: Int, cols: Int, transpose: Bool,
        rowsP: Int, colsP: Int, into dst: FloatBuffer
    ) {
        let s = scratch.pointer
        s.update(repeating: 0, count: rowsP * colsP)
        if transpose {
            for r in 0..<rows { for c in 0..<cols { s[c * colsP + r] = src[r * cols + c] } }
        } else {
            for r in 0..<rows { (s + r * colsP).update(from: src + r * cols, count: cols) }
        }
        Matmul.pack(s, k: rowsP, n: colsP, ldb: colsP, into: dst.pointer)
    }
}

/// The gradient of one chunk of rows, in the padded shapes of `PackedRNN`.
///
/// Layout of `storage`: dW_xh (V, Hp), dW_hh (Hp, Hp), db_h (Hp), dW_hq (Hp, Vp), db_q (Vp).
public struct PaddedRNNGradient {
    public let v: Int, h: Int, vp: Int, hp: Int
    public let storage: UnsafeMutablePointer<Float>

    public static func count(v: Int, hp: Int, vp: Int) -> Int { v * hp + hp * hp + hp + hp * vp + vp }

    public var wxh: UnsafeMutablePointer<Float> { storage }
    public var whh: UnsafeMutablePointer<Float> { storage + v * hp }
    public var bh: UnsafeMutablePointer<Float> { whh + hp * hp }
    public var whq: UnsafeMutablePointer<Float> { bh + hp }
    public var bq: UnsafeMutablePointer<Float> { whq + hp * vp }

    /// Writes the unpadded gradient into `grad` (layout `ModelConfig.layout`), overwriting it.
    public func unpad(into grad: inout ParameterArena) {
        let l = grad.layout
        let (v, h, vp, hp) = (self.v, self.h, self.vp, self.hp)
        grad.storage.withUnsafeMutableBufferPointer { g in
            let base = g.baseAddress!
            func copy(_ src: UnsafeMutablePointer<Float>, ld: Int, rows: Int, cols: Int, to tensor: Int) {
                let dst = base + l.offsets[tensor]
                for r in 0..<rows { (dst + r * cols).update(from: src + r * ld, count: cols) }
            }
            copy(wxh, ld: hp, rows: v, cols: h, to: 0)
            copy(whh, ld: hp, rows: h, cols: h, to: 1)
            copy(bh, ld: hp, rows: 1, cols: h, to: 2)
            copy(whq, ld: vp, rows: h, cols: v, to: 3)
            copy(bq, ld: vp, rows: 1, cols: v, to: 4)
        }
    }
}
