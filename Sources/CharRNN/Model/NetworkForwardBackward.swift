/// The whole language model over one chunk of rows: layers, output, loss, BPTT.
///
///     h⁰_t = cell(one-hot(x_t), h⁰_{t−1})           layer 0 (a row lookup of W_x)
///     hˡ_t = cell(hˡ⁻¹_t, hˡ_{t−1})                 layers above
///     z_t  = h^top_t · W_hq + b_q
///     loss = Σ_t,r −log softmax(z_t)[y_t]
///
/// Shapes (R rows of the chunk, T steps, padded Hp and Vp): see `NetworkWorkspace`.
public enum NetworkForwardBackward {
    /// Runs every layer forward over the chunk in `ws` (x and the initial states loaded).
    public static func forward(weights w: PackedNetwork, workspace ws: NetworkWorkspace, rows R: Int) {
        let T = ws.steps, hp = w.hp
        for (l, layer) in w.layers.enumerated() {
            let input: LayerInput = l == 0 ? .ids(ws.x.pointer) : .states(ws.layers[l - 1].states.pointer + R * hp)
            switch layer.cell {
            case .rnn: RNNLayer.forward(layer, ws.layers[l], input: input, rows: R, steps: T)
            case .gru: GRULayer.forward(layer, ws.layers[l], input: input, rows: R, steps: T)
            case .lstm: LSTMLayer.forward(layer, ws.layers[l], input: input, rows: R, steps: T)
            case .torchGRU: TorchGRULayer.forward(layer, ws.layers[l], input: input, rows: R, steps: T)
            }
        }
    }

    /// Forward, the summed loss and — when `gradient` is given — the backward pass
    /// adding ∂(loss · gradientScale)/∂θ into it (layout `PaddedGradientLayout`).
    ///
    /// With `gradientScale = 1 / (B·T)` the chunk gradients of a batch sum to the
    /// gradient of the batch's mean loss.
    public static func run(
        weights w: PackedNetwork, workspace ws: NetworkWorkspace, rows R: Int,
        gradient g: UnsafeMutablePointer<Float>?, layout: PaddedGradientLayout, gradientScale: Float
    ) -> Double {
        let T = ws.steps, hp = w.hp, vp = w.vp, n = T * R
        forward(weights: w, workspace: ws, rows: R)
        // Output layer and loss for all steps at once; logits become dlogits.
        let top = ws.layers[w.layers.count - 1].states.pointer + R * hp
        let logits = ws.logits.pointer
        Matmul.gemmPacked(m: n, n: vp, k: hp, a: top, lda: hp, panels: w.whq.pointer, c: logits, ldc: vp, accumulate: false)
        let loss = SoftmaxCrossEntropy.forward(
            logits: logits, rows: n, v: w.v, vp: vp, bias: w.bq.pointer, targets: ws.y.pointer,
            gradientScale: g == nil ? nil : gradientScale)
        guard let g else { return loss }

        // Output layer backward: dW_hq += Hᵀ·dZ, db_q += Σ dZ, dH = dZ·W_hqᵀ (over the V real columns).
        Matmul.gemmTN(m: hp, n: vp, k: n, a: top, lda: hp, b: logits, ldb: vp, c: g + layout.whq, ldc: vp, accumulate: true)
        VectorOps.addColumnSums(logits, rows: n, width: vp, ld: vp, into: g + layout.bq)
        var dH = ws.dA.pointer, dBelow = ws.dB.pointer
        Matmul.gemmPacked(m: n, n: hp, k: w.v, a: logits, lda: vp, panels: w.whqT.pointer, c: dH, ldc: hp, accumulate: false)

        // Layers from the top down; each hands ∂loss/∂(its input states) to the one below.
        for l in stride(from: w.layers.count - 1, through: 0, by: -1) {
            let layer = w.layers[l]
            let input: LayerInput = l == 0 ? .ids(ws.x.pointer) : .states(ws.layers[l - 1].states.pointer + R * hp)
            let below: UnsafeMutablePointer<Float>? = l > 0 ? dBelow : nil
            switch layer.cell {
            case .rnn:
                RNNLayer.backward(layer, ws.layers[l], input: input, rows: R, steps: T, dH: dH, gradient: g, layout: layout.layers[l], dBelow: below)
            case .gru:
                GRULayer.backward(layer, ws.layers[l], input: input, rows: R, steps: T, dH: dH, drh: ws.carry.pointer, gradient: g,
                                  layout: layout.layers[l], dBelow: below)
            case .lstm:
                LSTMLayer.backward(layer, ws.layers[l], input: input, rows: R, steps: T, dH: dH, dc: ws.carry.pointer, gradient: g,
                                   layout: layout.layers[l], dBelow: below)
            case .torchGRU:
                TorchGRULayer.backward(layer, ws.layers[l], input: input, rows: R, steps: T, dH: dH, gradient: g,
                                       layout: layout.layers[l], dBelow: below)
            }
            swap(&dH, &dBelow)
        }
        return loss
    }
}
