/// The whole language model over R rows: layers, output, loss, BPTT.
///
///     h⁰_t = cell(one-hot(x_t), h⁰_{t−1})           layer 0 (a row lookup of W_x)
///     hˡ_t = cell(hˡ⁻¹_t, hˡ_{t−1})                 layers above
///     z_t  = h^top_t · W_hq + b_q
///     loss = Σ_t,r −log softmax(z_t)[y_t]
///
/// Shapes (R rows, T steps, padded Hp and Vp): see `NetworkWorkspace`.
/// `team` shares every operation among its threads (the whole-batch strategy);
/// a chunk of the chunk strategy runs on `.single`.
public enum NetworkForwardBackward {
    /// Runs every layer forward over the rows in `ws` (x and the initial states loaded).
    public static func forward(weights w: PackedNetwork, workspace ws: NetworkWorkspace, rows R: Int, team: WorkerTeam = .single) {
        let T = ws.steps, hp = w.hp
        for (l, layer) in w.layers.enumerated() {
            let input: LayerInput = l == 0 ? .ids(ws.x.pointer) : .states(ws.layers[l - 1].states.pointer + R * hp)
            switch layer.cell {
            case .rnn: RNNLayer.forward(layer, ws.layers[l], input: input, rows: R, steps: T, team: team)
            case .gru: GRULayer.forward(layer, ws.layers[l], input: input, rows: R, steps: T, team: team)
            case .lstm: LSTMLayer.forward(layer, ws.layers[l], input: input, rows: R, steps: T, team: team)
            case .torchGRU: TorchGRULayer.forward(layer, ws.layers[l], input: input, rows: R, steps: T, team: team)
            }
        }
    }

    /// Forward, the summed loss and — when `gradient` is given — the backward pass
    /// adding ∂(loss · gradientScale)/∂θ into it (layout `PaddedGradientLayout`).
    ///
    /// With `gradientScale = 1 / (B·T)` the chunk gradients of a batch sum to the
    /// gradient of the batch's mean loss. `stepLosses` (T), when given, receives
    /// each step's loss and the total is their sum in step order (so any team
    /// gives the same total); otherwise the rows are summed in one pass.
    public static func run(
        weights w: PackedNetwork, workspace ws: NetworkWorkspace, rows R: Int,
        gradient g: UnsafeMutablePointer<Float>?, layout: PaddedGradientLayout, gradientScale: Float,
        team: WorkerTeam = .single, stepLosses: UnsafeMutablePointer<Double>? = nil
    ) -> Double {
        let T = ws.steps, hp = w.hp, vp = w.vp, n = T * R
        forward(weights: w, workspace: ws, rows: R, team: team)
        // Output layer and loss for all steps at once; logits become dlogits.
        let top = ws.layers[w.layers.count - 1].states.pointer + R * hp
        let logits = ws.logits.pointer
        team.gemmPackedRows(m: n, n: vp, k: hp, a: top, lda: hp, panels: w.whq.pointer, c: logits, ldc: vp, accumulate: false)
        let scale = g == nil ? nil : gradientScale
        let loss: Double
        if let stepLosses {
            team.split(T) { steps in
                for t in steps {
                    stepLosses[t] = SoftmaxCrossEntropy.forward(
                        logits: logits + t * R * vp, rows: R, v: w.v, vp: vp, bias: w.bq.pointer, targets: ws.y.pointer + t * R, gradientScale: scale)
                }
            }
            loss = (0..<T).reduce(0) { $0 + stepLosses[$1] }
        } else {
            loss = SoftmaxCrossEntropy.forward(logits: logits, rows: n, v: w.v, vp: vp, bias: w.bq.pointer, targets: ws.y.pointer, gradientScale: scale)
        }
        guard let g else { return loss }
        backward(weights: w, workspace: ws, rows: R, gradient: g, layout: layout, team: team)
        return loss
    }

    /// The backward pass from dlogits (in `ws.logits`, (T, R, Vp)) after `forward`
    /// and the output product: adds ∂/∂θ into `g` (layout `PaddedGradientLayout`).
    ///
    /// `oneHotGradient` (T·R), when given, receives each step's derivative with
    /// respect to the active entry of its one-hot input, x_t[id_t]:
    /// dpre⁰_t · W_x⁰[id_t, :] over every gate of layer 0.
    public static func backward(
        weights w: PackedNetwork, workspace ws: NetworkWorkspace, rows R: Int,
        gradient g: UnsafeMutablePointer<Float>, layout: PaddedGradientLayout,
        team: WorkerTeam = .single, oneHotGradient: UnsafeMutablePointer<Float>? = nil
    ) {
        let T = ws.steps, hp = w.hp, vp = w.vp, n = T * R
        let top = ws.layers[w.layers.count - 1].states.pointer + R * hp
        let logits = ws.logits.pointer

        // Output layer backward: dW_hq += Hᵀ·dZ, db_q += Σ dZ, dH = dZ·W_hqᵀ (over the V real columns).
        team.gemmTN(m: hp, n: vp, k: n, a: top, lda: hp, b: logits, ldb: vp, c: g + layout.whq, ldc: vp)
        team.addColumnSums(logits, rows: n, width: vp, ld: vp, into: g + layout.bq)
        var dH = ws.dA.pointer, dBelow = ws.dB.pointer
        team.gemmPackedRows(m: n, n: hp, k: w.v, a: logits, lda: vp, panels: w.whqT.pointer, c: dH, ldc: hp, accumulate: false)

        // Layers from the top down; each hands ∂loss/∂(its input states) to the one below.
        for l in stride(from: w.layers.count - 1, through: 0, by: -1) {
            let layer = w.layers[l]
            let input: LayerInput = l == 0 ? .ids(ws.x.pointer) : .states(ws.layers[l - 1].states.pointer + R * hp)
            let below: UnsafeMutablePointer<Float>? = l > 0 ? dBelow : nil
            switch layer.cell {
            case .rnn:
                RNNLayer.backward(layer, ws.layers[l], input: input, rows: R, steps: T, dH: dH, gradient: g, layout: layout.layers[l],
                                  dBelow: below, team: team)
            case .gru:
                GRULayer.backward(layer, ws.layers[l], input: input, rows: R, steps: T, dH: dH, drh: ws.carry.pointer, gradient: g,
                                  layout: layout.layers[l], dBelow: below, team: team)
            case .lstm:
                LSTMLayer.backward(layer, ws.layers[l], input: input, rows: R, steps: T, dH: dH, dc: ws.carry.pointer, gradient: g,
                                   layout: layout.layers[l], dBelow: below, team: team)
            case .torchGRU:
                TorchGRULayer.backward(layer, ws.layers[l], input: input, rows: R, steps: T, dH: dH, gradient: g,
                                       layout: layout.layers[l], dBelow: below, team: team)
            }
            if l == 0, let oneHotGradient {
                // Where each cell left ∂loss/∂pre-activations: the RNN in dH, the gated cells in their gates.
                let dPre = layer.cell == .rnn ? UnsafePointer(dH) : UnsafePointer(ws.layers[0].gates.pointer)
                let width = layer.width
                for r in 0..<n {
                    let row = layer.wx.pointer + Int(ws.x.pointer[r]) * width, d = dPre + r * width
                    var sum: Float = 0
                    for k in 0..<width { sum += d[k] * row[k] }
                    oneHotGradient[r] = sum
                }
            }
            swap(&dH, &dBelow)
        }
    }
}
