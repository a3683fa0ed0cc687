/// PyTorch's GRU layer over a chunk (`CellKind.torchGRU`):
///
///     z, r = σ(x_t·W_x{z,r} + h_{t−1}·W_h{z,r} + b_{z,r})
///     n    = tanh(x_t·W_xh + b_h + r ⊙ (h_{t−1}·W_hh + b_hh))
///     h_t  = z ⊙ h_{t−1} + (1 − z) ⊙ n
///
/// Shapes (R rows, T steps, Hp units): gates (T, R, 3Hp) [z | r | n]; states
/// (T + 1, R, Hp) with h₀ in slot 0; resetStates (T, R, Hp) hold
/// nh = h_{t−1}·W_hh + b_hh, and ∂loss/∂nh after the backward pass.
enum TorchGRULayer {
    static func forward(_ layer: PackedLayer, _ ws: LayerWorkspace, input: LayerInput, rows R: Int, steps T: Int, team: WorkerTeam) {
        let hp = layer.hp, width = layer.width
        let states = ws.states.pointer, gates = ws.gates.pointer, nh = ws.resetStates!.pointer, bhh = layer.bhh!.pointer
        InputProjection.forward(layer, input: input, rows: T * R, into: gates, team: team)
        for t in 0..<T {
            let g = gates + t * R * width, hPrev = states + t * R * hp, nht = nh + t * R * hp
            team.gemmPackedColumns(m: R, n: 2 * hp, k: hp, a: hPrev, lda: hp, panels: layer.wh.pointer, c: g, ldc: width, accumulate: true)
            for r in 0..<R { (nht + r * hp).update(from: bhh, count: hp) }
            team.gemmPackedColumns(m: R, n: hp, k: hp, a: hPrev, lda: hp, panels: layer.whC!.pointer, c: nht, ldc: hp, accumulate: true)
            team.split(R) { r in
                let o = r.lowerBound * hp
                GatePointwise.torchGRUForward(gates: g + r.lowerBound * width, hPrev: hPrev + o, nh: nht + o, h: hPrev + R * hp + o,
                                              rows: r.count, hp: hp)
            }
        }
    }

    /// dH: (T, R, Hp) in: ∂loss/∂h_t from above (recurrent parts added in place).
    /// The gates become ∂loss/∂pre-activations.
    static func backward(
        _ layer: PackedLayer, _ ws: LayerWorkspace, input: LayerInput, rows R: Int, steps T: Int,
        dH: UnsafeMutablePointer<Float>, gradient g: UnsafeMutablePointer<Float>,
        layout: PaddedGradientLayout.Layer, dBelow: UnsafeMutablePointer<Float>?, team: WorkerTeam
    ) {
        let hp = layer.hp, width = layer.width
        let states = ws.states.pointer, gates = ws.gates.pointer, nh = ws.resetStates!.pointer
        for t in stride(from: T - 1, through: 0, by: -1) {
            let dPre = gates + t * R * width, hPrev = states + t * R * hp, dnh = nh + t * R * hp
            let dhPrev: UnsafeMutablePointer<Float>? = t > 0 ? dH + (t - 1) * R * hp : nil
            let dh = dH + t * R * hp
            team.split(R) { r in
                let o = r.lowerBound * hp
                GatePointwise.torchGRUBackward(gates: dPre + r.lowerBound * width, hPrev: hPrev + o, nh: dnh + o, dh: dh + o,
                                               dhPrev: dhPrev.map { $0 + o }, rows: r.count, hp: hp)
            }
            if let dhPrev {
                // dh₋ += [∂z ∂r]·[W_hz W_hr]ᵀ + ∂nh·W_hhᵀ
                team.gemmPackedColumns(m: R, n: hp, k: 2 * hp, a: dPre, lda: width, panels: layer.whT.pointer, c: dhPrev, ldc: hp, accumulate: true)
                team.gemmPackedColumns(m: R, n: hp, k: hp, a: dnh, lda: hp, panels: layer.whCT!.pointer, c: dhPrev, ldc: hp, accumulate: true)
            }
        }
        // dW_h{z,r} += H_prevᵀ·dPre{z,r}; dW_hh += H_prevᵀ·∂nh; db_hh += Σ ∂nh.
        team.gemmTN(m: hp, n: 2 * hp, k: T * R, a: states, lda: hp, b: gates, ldb: width, c: g + layout.wh, ldc: width)
        team.gemmTN(m: hp, n: hp, k: T * R, a: states, lda: hp, b: nh, ldb: hp, c: g + layout.wh + 2 * hp, ldc: width)
        team.addColumnSums(nh, rows: T * R, width: hp, ld: hp, into: g + layout.bhh!)
        InputProjection.backward(layer, input: input, rows: T * R, dPre: gates, gradient: g, layout: layout, dBelow: dBelow, team: team)
    }
}
