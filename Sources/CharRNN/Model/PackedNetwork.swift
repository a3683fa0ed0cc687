/// The weights padded and rearranged for the kernels, rebuilt once per minibatch.
///
/// H and V are padded to Hp, Vp (multiples of 16) with zeros, so every product
/// runs on whole `SIMD16` vectors; padded hidden units stay exactly 0 through
/// forward and backward (their weights, biases and pre-activations are 0, and
/// every cell maps a zero state and zero pre-activations to a zero state).
/// A layer's gates sit side by side, G blocks of Hp columns in `CellKind.gateNames`
/// order, so one product computes all of them. Matrices read as the B operand
/// of a product are packed into column panels (`Matmul.pack`), and transposes
/// are kept for the backward pass.
public final class PackedNetwork: @unchecked Sendable {
    public let model: ModelConfig
    public let v: Int, h: Int, vp: Int, hp: Int
    public let layers: [PackedLayer]
    /// W_hq (Hp, Vp) packed; its transpose (V, Hp) packed — the padded rows of
    /// the transpose would only multiply zero gradients; b_q (Vp).
    public let whq: FloatBuffer, whqT: FloatBuffer, bq: FloatBuffer
    private let scratch: FloatBuffer

    public init(model: ModelConfig) {
        self.model = model
        v = model.vocabularySize
        h = model.hidden
        vp = roundUpTo16(v)
        hp = roundUpTo16(h)
        layers = (0..<model.layers).map { PackedLayer(cell: model.cell, index: $0, v: model.vocabularySize, hp: roundUpTo16(model.hidden)) }
        whq = FloatBuffer(count: hp * vp)
        whqT = FloatBuffer(count: v * hp)
        bq = FloatBuffer(count: vp)
        let g = model.cell.gates
        scratch = FloatBuffer(count: max(hp, vp) * max(g * hp, vp, max(v, hp)))
    }

    /// Copies the weights of `params` (layout `model.layout`) in.
    public func load(_ params: ParameterArena) {
        // Invariant, not input: parameters are made for, or checked against, this model's layout.
        precondition(params.layout == model.layout)
        let layout = params.layout
        params.storage.withUnsafeBufferPointer { p in
            let base = p.baseAddress!
            @inline(__always) func tensor(_ name: String) -> UnsafePointer<Float> { base + layout.range(of: name).lowerBound }
            let s = scratch.pointer
            for (l, layer) in layers.enumerated() {
                let prefix = ModelConfig.layerPrefix(l)
                let names = model.cell.gateNames
                let g = names.count, width = g * hp
                let inRows = l == 0 ? v : h
                // W_x: (in, G·Hp) — a row-major lookup table for layer 0, packed panels above.
                s.update(repeating: 0, count: layer.inRows * width)
                for (k, name) in names.enumerated() {
                    scatterBlock(tensor("\(prefix)W_x\(name)"), rows: inRows, cols: h, into: s, ld: width, column: k * hp)
                }
                if l == 0 {
                    layer.wx.pointer.update(from: s, count: layer.inRows * width)
                } else {
                    Matmul.pack(s, k: hp, n: width, ldb: width, into: layer.wx.pointer)
                    packTranspose(s, rows: hp, cols: width, into: layer.wxT!)
                }
                // Biases (G·Hp).
                layer.b.pointer.update(repeating: 0, count: width)
                for (k, name) in names.enumerated() {
                    (layer.b.pointer + k * hp).update(from: tensor("\(prefix)b_\(name)"), count: h)
                }
                // W_h: (Hp, G·Hp); the GRUs' candidate block is kept apart (d2l's multiplies
                // r ⊙ h, PyTorch's is multiplied by r after the product).
                let recurrent = model.cell.isGRU ? 2 : g
                s.update(repeating: 0, count: hp * recurrent * hp)
                for k in 0..<recurrent {
                    scatterBlock(tensor("\(prefix)W_h\(names[k])"), rows: h, cols: h, into: s, ld: recurrent * hp, column: k * hp)
                }
                Matmul.pack(s, k: hp, n: recurrent * hp, ldb: recurrent * hp, into: layer.wh.pointer)
                packTranspose(s, rows: hp, cols: recurrent * hp, into: layer.whT)
                if let whC = layer.whC, let whCT = layer.whCT {
                    s.update(repeating: 0, count: hp * hp)
                    scatterBlock(tensor("\(prefix)W_h\(names[2])"), rows: h, cols: h, into: s, ld: hp, column: 0)
                    Matmul.pack(s, k: hp, n: hp, ldb: hp, into: whC.pointer)
                    packTranspose(s, rows: hp, cols: hp, into: whCT)
                }
                if let bhh = layer.bhh {
                    bhh.pointer.update(repeating: 0, count: hp)
                    bhh.pointer.update(from: tensor("\(prefix)b_hh"), count: h)
                }
            }
            // Output layer.
            s.update(repeating: 0, count: hp * vp)
            scatterBlock(tensor("W_hq"), rows: h, cols: v, into: s, ld: vp, column: 0)
            Matmul.pack(s, k: hp, n: vp, ldb: vp, into: whq.pointer)
            packTranspose(s, rows: hp, cols: vp, keepingRows: v, into: whqT)
            bq.pointer.update(repeating: 0, count: vp)
            bq.pointer.update(from: tensor("b_q"), count: v)
        }
    }

    /// src (rows, cols) → dst[r, column + c] (row stride `ld`).
    private func scatterBlock(_ src: UnsafePointer<Float>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<Float>, ld: Int, column: Int) {
        for r in 0..<rows { (dst + r * ld + column).update(from: src + r * cols, count: cols) }
    }

    /// The transpose of src (rows, cols) — or its first `keepingRows` rows — packed as a B operand.
    private func packTranspose(_ src: UnsafeMutablePointer<Float>, rows: Int, cols: Int, keepingRows: Int? = nil, into dst: FloatBuffer) {
        let t = FloatBuffer(count: rows * cols)
        for r in 0..<rows { for c in 0..<cols { t.pointer[c * rows + r] = src[r * cols + c] } }
        Matmul.pack(t.pointer, k: keepingRows ?? cols, n: rows, ldb: rows, into: dst.pointer)
    }
}

/// One recurrent layer's padded weights (see `PackedNetwork`).
public final class PackedLayer: @unchecked Sendable {
    public let cell: CellKind
    /// Rows of W_x: V for layer 0 (one-hot inputs), Hp above.
    public let inRows: Int
    public let hp: Int
    /// G·Hp: the width of all gates side by side.
    public let width: Int
    /// W_x (inRows, G·Hp): row-major for layer 0 (a lookup table), packed above.
    public let wx: FloatBuffer
    /// W_xᵀ (G·Hp, Hp) packed, for the gradient that flows to the layer below (layers ≥ 1).
    public let wxT: FloatBuffer?
    /// b (G·Hp)
    public let b: FloatBuffer
    /// W_h of the gates that multiply h: (Hp, G′·Hp) packed with G′ = G (RNN, LSTM)
    /// or 2 (the GRUs' z and r), and its transpose (G′·Hp, Hp) packed.
    public let wh: FloatBuffer, whT: FloatBuffer
    /// The GRUs' candidate W_hh (Hp, Hp) packed, and its transpose.
    public let whC: FloatBuffer?, whCT: FloatBuffer?
    /// PyTorch's GRU: b_hh (Hp), the bias inside the reset.
    public let bhh: FloatBuffer?

    init(cell: CellKind, index: Int, v: Int, hp: Int) {
        self.cell = cell
        self.hp = hp
        inRows = index == 0 ? v : hp
        width = cell.gates * hp
        wx = FloatBuffer(count: inRows * width)
        wxT = index == 0 ? nil : FloatBuffer(count: width * hp)
        b = FloatBuffer(count: width)
        let recurrent = (cell.isGRU ? 2 : cell.gates) * hp
        wh = FloatBuffer(count: hp * recurrent)
        whT = FloatBuffer(count: recurrent * hp)
        whC = cell.isGRU ? FloatBuffer(count: hp * hp) : nil
        whCT = cell.isGRU ? FloatBuffer(count: hp * hp) : nil
        bhh = cell == .torchGRU ? FloatBuffer(count: hp) : nil
    }
}
