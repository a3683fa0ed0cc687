/// What a recurrent layer reads: token ids (layer 0, one-hot) or the hidden
/// states of the layer below (T·R rows of Hp).
public enum LayerInput {
    case ids(UnsafePointer<Int32>)
    case states(UnsafePointer<Float>)
}

/// The input side of a layer, shared by every cell: x_t·W_x + b for all steps
/// at once, and its backward.
enum InputProjection {
    /// dst (T·R, G·Hp) = x·W_x + b for every step and row.
    /// Layer 0 looks rows of W_x up (one-hot · W_x); layers above multiply.
    static func forward(_ layer: PackedLayer, input: LayerInput, rows n: Int, into dst: UnsafeMutablePointer<Float>, team: WorkerTeam) {
        let width = layer.width
        switch input {
        case .ids(let ids):
            team.split(n) { r in
                Embedding.forward(ids: ids + r.lowerBound, rows: r.count, width: width, table: layer.wx.pointer, ldt: width,
                                  bias: layer.b.pointer, out: dst + r.lowerBound * width, ldo: width)
            }
        case .states(let below):
            team.split(n) { rows in
                for r in rows { (dst + r * width).update(from: layer.b.pointer, count: width) }
            }
            team.gemmPackedRows(m: n, n: width, k: layer.hp, a: below, lda: layer.hp, panels: layer.wx.pointer, c: dst, ldc: width, accumulate: true)
        }
    }

    /// From dPre (T·R, G·Hp) = ∂loss/∂(pre-activations): db += Σ dPre, dW_x += xᵀ·dPre,
    /// and for layers above the first dBelow (T·R, Hp) = dPre·W_xᵀ (overwritten).
    static func backward(
        _ layer: PackedLayer, input: LayerInput, rows n: Int, dPre: UnsafePointer<Float>,
        gradient g: UnsafeMutablePointer<Float>, layout: PaddedGradientLayout.Layer, dBelow: UnsafeMutablePointer<Float>?, team: WorkerTeam
    ) {
        let width = layer.width, hp = layer.hp
        team.addColumnSums(dPre, rows: n, width: width, ld: width, into: g + layout.b)
        switch input {
        case .ids(let ids):
            // A scatter-add in row order: split by columns.
            team.split(width, granule: 16) { cols in
                Embedding.backward(ids: ids, rows: n, width: cols.count, dOut: dPre + cols.lowerBound, ldo: width,
                                   dTable: g + layout.wx + cols.lowerBound, ldt: width)
            }
        case .states(let below):
            team.gemmTN(m: hp, n: width, k: n, a: below, lda: hp, b: dPre, ldb: width, c: g + layout.wx, ldc: width)
            if let dBelow, let wxT = layer.wxT {
                team.gemmPackedRows(m: n, n: hp, k: width, a: dPre, lda: width, panels: wxT.pointer, c: dBelow, ldc: hp, accumulate: false)
            }
        }
    }
}
