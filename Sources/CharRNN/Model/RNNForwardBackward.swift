/// The scratch RNN language model over one chunk of rows: forward, loss, BPTT.
///
///     pre_t = W_xh[x_t] + b_h + h_{t−1} · W_hh        (row lookup = one-hot · W_xh)
///     h_t   = tanh(pre_t)
///     z_t   = h_t · W_hq + b_q
///     loss  = Σ_t,r −log softmax(z_t)[y_t]
///
/// Shapes (R rows of the chunk, T steps, padded Hp and Vp): see `RNNWorkspace`.
public enum RNNForwardBackward {
    /// Runs the chunk loaded in `ws` (R rows), returns the summed loss, and — when
    /// `gradient` is given — adds ∂(loss · gradientScale)/∂θ into it.
    ///
    /// With `gradientScale = 1 / (B·T)` the chunk gradients of a batch sum to the
    /// gradient of the batch's mean loss.
    public static func run(
        weights w: PackedRNN, workspace ws: RNNWorkspace, rows R: Int,
        gradient g: PaddedRNNGradient?, gradientScale: Float
    ) -> Double {
        let T = ws.steps, hp = w.hp, vp = w.vp
        let x = ws.x.pointer, y = ws.y.pointer
        let states = ws.states.pointer, logits = ws.logits.pointer, dH = ws.dH.pointer
        let n = T * R  // rows of the all-steps matrices
        @inline(__always) func h(_ t: Int) -> UnsafeMutablePointer<Float> { states + t * R * hp }  // h(0) = h₀

        // Forward through time.
        for t in 0..<T {
            Embedding.forward(ids: x + t * R, rows: R, width: hp, table: w.wxh.pointer, ldt: hp, bias: w.bh.pointer, out: h(t + 1), ldo: hp)
            Matmul.gemmPacked(m: R, n: hp, k: hp, a: h(t), lda: hp, panels: w.whh.pointer, c: h(t + 1), ldc: hp, accumulate: true)
            Tanh.forward(h(t + 1), count: R * hp)
        }
        // Output layer and loss for all steps at once; logits become dlogits.
        Matmul.gemmPacked(m: n, n: vp, k: hp, a: h(1), lda: hp, panels: w.whq.pointer, c: logits, ldc: vp, accumulate: false)
        let loss = SoftmaxCrossEntropy.forward(
            logits: logits, rows: n, v: w.v, vp: vp, bias: w.bq.pointer, targets: y,
            gradientScale: g == nil ? nil : gradientScale)
        guard let g else { return loss }

        // Output layer backward: dW_hq += Hᵀ·dZ, db_q += Σ dZ, dH = dZ·W_hqᵀ.
        Matmul.gemmTN(m: hp, n: vp, k: n, a: h(1), lda: hp, b: logits, ldb: vp, c: g.whq, ldc: vp, accumulate: true)
        VectorOps.addColumnSums(logits, rows: n, width: vp, ld: vp, into: g.bq)
        Matmul.gemmPacked(m: n, n: hp, k: vp, a: logits, lda: vp, panels: w.whqT.pointer, c: dH, ldc: hp, accumulate: false)

        // Backward through time: dH[t] becomes dpre_t; dh_{t−1} += dpre_t · W_hhᵀ.
        for t in stride(from: T - 1, through: 0, by: -1) {
            let dPre = dH + t * R * hp
            Tanh.backward(output: h(t + 1), gradient: dPre, count: R * hp)
            if t > 0 {
                Matmul.gemmPacked(m: R, n: hp, k: hp, a: dPre, lda: hp, panels: w.whhT.pointer, c: dPre - R * hp, ldc: hp, accumulate: true)
            }
        }
        // Recurrent weights over all steps: dW_hh += H_prevᵀ·dPre, db_h += Σ dPre, dW_xh[x] += dPre.
        Matmul.gemmTN(m: hp, n: hp, k: n, a: h(0), lda: hp, b: dH, ldb: hp, c: g.whh, ldc: hp, accumulate: true)
        VectorOps.addColumnSums(dH, rows: n, width: hp, ld: hp, into: g.bh)
        Embedding.backward(ids: x, rows: n, width: hp, dOut: dH, ldo: hp, dTable: g.wxh, ldt: hp)
        return loss
    }
}
