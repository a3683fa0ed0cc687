/// d2l's scratch LSTM layer over a chunk:
///
///     [i f o c̃]_t = [σ σ σ tanh](x_t·W_x + h_{t−1}·W_h + b)
///     c_t = f ⊙ c_{t−1} + i ⊙ c̃,   h_t = o ⊙ tanh(c_t)
///
/// Shapes (R rows, T steps, Hp units): gates (T, R, 4Hp); states and cells
/// (T + 1, R, Hp) with h₀, c₀ in slot 0; tanhCells (T, R, Hp).
enum LSTMLayer {
    static func forward(_ layer: PackedLayer, _ ws: LayerWorkspace, input: LayerInput, rows R: Int, steps T: Int, team: WorkerTeam) {
        let hp = layer.hp, width = layer.width
        let states = ws.states.pointer, gates = ws.gates.pointer, cells = ws.cells!.pointer, tanhC = ws.tanhCells!.pointer
        InputProjection.forward(layer, input: input, rows: T * R, into: gates, team: team)
        for t in 0..<T {
            let g = gates + t * R * width, hPrev = states + t * R * hp
            team.gemmPackedColumns(m: R, n: width, k: hp, a: hPrev, lda: hp, panels: layer.wh.pointer, c: g, ldc: width, accumulate: true)
            let cPrev = cells + t * R * hp, c = cPrev + R * hp, tc = tanhC + t * R * hp, h = hPrev + R * hp
            team.split(R) { r in
                let o = r.lowerBound * hp
                GatePointwise.lstmForward(gates: g + r.lowerBound * width, cPrev: cPrev + o, c: c + o, tanhC: tc + o, h: h + o, rows: r.count, hp: hp)
            }
        }
    }

    /// dH: (T, R, Hp) in: ∂loss/∂h_t from above (the recurrent part is added in
    /// place); `dc`: (R, Hp) scratch. The gates become ∂loss/∂pre-activations.
    static func backward(
        _ layer: PackedLayer, _ ws: LayerWorkspace, input: LayerInput, rows R: Int, steps T: Int,
        dH: UnsafeMutablePointer<Float>, dc: UnsafeMutablePointer<Float>, gradient g: UnsafeMutablePointer<Float>,
        layout: PaddedGradientLayout.Layer, dBelow: UnsafeMutablePointer<Float>?, team: WorkerTeam
    ) {
        let hp = layer.hp, width = layer.width
        let states = ws.states.pointer, gates = ws.gates.pointer, cells = ws.cells!.pointer, tanhC = ws.tanhCells!.pointer
        dc.update(repeating: 0, count: R * hp)
        for t in stride(from: T - 1, through: 0, by: -1) {
            let dPre = gates + t * R * width, cPrev = cells + t * R * hp, tc = tanhC + t * R * hp, dh = dH + t * R * hp
            team.split(R) { r in
                let o = r.lowerBound * hp
                GatePointwise.lstmBackward(gates: dPre + r.lowerBound * width, cPrev: cPrev + o, tanhC: tc + o, dh: dh + o, dc: dc + o,
                                           rows: r.count, hp: hp)
            }
            if t > 0 {
                team.gemmPackedColumns(m: R, n: hp, k: width, a: dPre, lda: width, panels: layer.whT.pointer, c: dH + (t - 1) * R * hp, ldc: hp, accumulate: true)
            }
        }
        team.gemmTN(m: hp, n: width, k: T * R, a: states, lda: hp, b: gates, ldb: width, c: g + layout.wh, ldc: width)
        InputProjection.backward(layer, input: input, rows: T * R, dPre: gates, gradient: g, layout: layout, dBelow: dBelow, team: team)
    }
}
