/// d2l's scratch RNN layer over a chunk: h_t = tanh(x_t·W_xh + h_{t−1}·W_hh + b_h).
///
/// Shapes (R rows, T steps, Hp padded units): states (T + 1, R, Hp) with h₀ in
/// slot 0; the pre-activations are built in place in slots 1…T.
enum RNNLayer {
    static func forward(_ layer: PackedLayer, _ ws: LayerWorkspace, input: LayerInput, rows R: Int, steps T: Int, team: WorkerTeam) {
        let hp = layer.hp, states = ws.states.pointer
        InputProjection.forward(layer, input: input, rows: T * R, into: states + R * hp, team: team)
        for t in 0..<T {
            let h = states + (t + 1) * R * hp
            team.gemmPackedColumns(m: R, n: hp, k: hp, a: h - R * hp, lda: hp, panels: layer.wh.pointer, c: h, ldc: hp, accumulate: true)
            team.split(R) { r in Tanh.forward(h + r.lowerBound * hp, count: r.count * hp) }
        }
    }

    /// dH: (T, R, Hp) in: ∂loss/∂h_t from above; overwritten by ∂loss/∂pre_t.
    static func backward(
        _ layer: PackedLayer, _ ws: LayerWorkspace, input: LayerInput, rows R: Int, steps T: Int,
        dH: UnsafeMutablePointer<Float>, gradient g: UnsafeMutablePointer<Float>, layout: PaddedGradientLayout.Layer,
        dBelow: UnsafeMutablePointer<Float>?, team: WorkerTeam
    ) {
        let hp = layer.hp, states = ws.states.pointer
        // Through time: dpre_t = dh_t ⊙ (1 − h_t²); dh_{t−1} += dpre_t · W_hhᵀ.
        for t in stride(from: T - 1, through: 0, by: -1) {
            let dPre = dH + t * R * hp, h = states + (t + 1) * R * hp
            team.split(R) { r in Tanh.backward(output: h + r.lowerBound * hp, gradient: dPre + r.lowerBound * hp, count: r.count * hp) }
            if t > 0 {
                team.gemmPackedColumns(m: R, n: hp, k: hp, a: dPre, lda: hp, panels: layer.whT.pointer, c: dPre - R * hp, ldc: hp, accumulate: true)
            }
        }
        // Over all steps: dW_hh += H_prevᵀ·dPre, then the input side.
        team.gemmTN(m: hp, n: hp, k: T * R, a: states, lda: hp, b: dH, ldb: hp, c: g + layout.wh, ldc: hp)
        InputProjection.backward(layer, input: input, rows: T * R, dPre: dH, gradient: g, layout: layout, dBelow: dBelow, team: team)
    }
}
