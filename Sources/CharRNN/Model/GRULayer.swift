/// d2l's scratch GRU layer over a chunk:
///
///     z, r = σ(x_t·W_x{z,r} + h_{t−1}·W_h{z,r} + b_{z,r})
///     h̃   = tanh(x_t·W_xh + (r ⊙ h_{t−1})·W_hh + b_h)
///     h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃
///
/// Shapes (R rows, T steps, Hp units): gates (T, R, 3Hp) [z | r | h̃]; states
/// (T + 1, R, Hp) with h₀ in slot 0; resetStates (T, R, Hp) = r ⊙ h_{t−1}.
enum GRULayer {
    static func forward(_ layer: PackedLayer, _ ws: LayerWorkspace, input: LayerInput, rows R: Int, steps T: Int, team: WorkerTeam) {
        let hp = layer.hp, width = layer.width
        let states = ws.states.pointer, gates = ws.gates.pointer, rh = ws.resetStates!.pointer
        InputProjection.forward(layer, input: input, rows: T * R, into: gates, team: team)
        for t in 0..<T {
            let g = gates + t * R * width, hPrev = states + t * R * hp, rht = rh + t * R * hp
            team.gemmPackedColumns(m: R, n: 2 * hp, k: hp, a: hPrev, lda: hp, panels: layer.wh.pointer, c: g, ldc: width, accumulate: true)
            team.split(R) { r in
                let o = r.lowerBound * hp
                GatePointwise.gruForwardGates(gates: g + r.lowerBound * width, hPrev: hPrev + o, rh: rht + o, rows: r.count, hp: hp)
            }
            team.gemmPackedColumns(m: R, n: hp, k: hp, a: rht, lda: hp, panels: layer.whC!.pointer, c: g + 2 * hp, ldc: width, accumulate: true)
            team.split(R) { r in
                let o = r.lowerBound * hp
                GatePointwise.gruForwardState(gates: g + r.lowerBound * width, hPrev: hPrev + o, h: hPrev + R * hp + o, rows: r.count, hp: hp)
            }
        }
    }

    /// dH: (T, R, Hp) in: ∂loss/∂h_t from above (recurrent parts added in place);
    /// `drh`: (R, Hp) scratch. The gates become ∂loss/∂pre-activations.
    static func backward(
        _ layer: PackedLayer, _ ws: LayerWorkspace, input: LayerInput, rows R: Int, steps T: Int,
        dH: UnsafeMutablePointer<Float>, drh: UnsafeMutablePointer<Float>, gradient g: UnsafeMutablePointer<Float>,
        layout: PaddedGradientLayout.Layer, dBelow: UnsafeMutablePointer<Float>?, team: WorkerTeam
    ) {
        let hp = layer.hp, width = layer.width
        let states = ws.states.pointer, gates = ws.gates.pointer, rh = ws.resetStates!.pointer
        for t in stride(from: T - 1, through: 0, by: -1) {
            let dPre = gates + t * R * width, hPrev = states + t * R * hp, dh = dH + t * R * hp
            let dhPrev: UnsafeMutablePointer<Float>? = t > 0 ? dH + (t - 1) * R * hp : nil
            team.split(R) { r in
                let o = r.lowerBound * hp
                GatePointwise.gruBackwardState(gates: dPre + r.lowerBound * width, hPrev: hPrev + o, dh: dh + o, dhPrev: dhPrev.map { $0 + o },
                                               rows: r.count, hp: hp)
            }
            // ∂(r ⊙ h₋) = ∂h̃pre · W_hhᵀ
            team.gemmPackedColumns(m: R, n: hp, k: hp, a: dPre + 2 * hp, lda: width, panels: layer.whCT!.pointer, c: drh, ldc: hp, accumulate: false)
            team.split(R) { r in
                let o = r.lowerBound * hp
                GatePointwise.gruBackwardReset(gates: dPre + r.lowerBound * width, hPrev: hPrev + o, drh: drh + o, dhPrev: dhPrev.map { $0 + o },
                                               rows: r.count, hp: hp)
            }
            if let dhPrev {
                team.gemmPackedColumns(m: R, n: hp, k: 2 * hp, a: dPre, lda: width, panels: layer.whT.pointer, c: dhPrev, ldc: hp, accumulate: true)
            }
        }
        // dW_h{z,r} += H_prevᵀ·dPre{z,r}; dW_hh += (r ⊙ H_prev)ᵀ·dPre_h̃.
        team.gemmTN(m: hp, n: 2 * hp, k: T * R, a: states, lda: hp, b: gates, ldb: width, c: g + layout.wh, ldc: width)
        team.gemmTN(m: hp, n: hp, k: T * R, a: rh, lda: hp, b: gates + 2 * hp, ldb: width, c: g + layout.wh + 2 * hp, ldc: width)
        InputProjection.backward(layer, input: input, rows: T * R, dPre: gates, gradient: g, layout: layout, dBelow: dBelow, team: team)
    }
}
