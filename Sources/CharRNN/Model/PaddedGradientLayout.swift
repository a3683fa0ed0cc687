/// Where each padded gradient lives in one chunk's gradient slot.
///
/// Per layer: dW_x (inRows, G·Hp), dW_h (Hp, G·Hp) — all gates, the GRU's
/// candidate block included — and db (G·Hp), and PyTorch's GRU's db_hh (Hp);
/// then dW_hq (Hp, Vp) and db_q (Vp).
public struct PaddedGradientLayout: Sendable {
    public struct Layer: Sendable {
        public var wx: Int, wh: Int, b: Int
        /// PyTorch's GRU's db_hh.
        public var bhh: Int?
    }

    public let model: ModelConfig
    public let hp: Int, vp: Int
    public let layers: [Layer]
    public let whq: Int, bq: Int
    public let count: Int

    public init(model: ModelConfig) {
        self.model = model
        hp = roundUpTo16(model.hidden)
        vp = roundUpTo16(model.vocabularySize)
        let width = model.cell.gates * hp
        var offset = 0
        var layers: [Layer] = []
        for l in 0..<model.layers {
            let inRows = l == 0 ? model.vocabularySize : hp
            let b = offset + inRows * width + hp * width
            let layer = Layer(wx: offset, wh: offset + inRows * width, b: b, bhh: model.cell == .torchGRU ? b + width : nil)
            offset = b + width + (layer.bhh == nil ? 0 : hp)
            layers.append(layer)
        }
        self.layers = layers
        whq = offset
        bq = offset + hp * vp
        count = bq + vp
    }

    /// Writes the unpadded gradient in `padded` into `grad` (layout `model.layout`), overwriting it.
    public func unpad(_ padded: UnsafePointer<Float>, into grad: inout ParameterArena) {
        let layout = grad.layout
        let (h, hp, vp, v) = (model.hidden, hp, vp, model.vocabularySize)
        let width = model.cell.gates * hp
        grad.storage.withUnsafeMutableBufferPointer { g in
            let base = g.baseAddress!
            func copy(_ src: UnsafePointer<Float>, ld: Int, rows: Int, cols: Int, to name: String) {
                let dst = base + layout.range(of: name).lowerBound
                for r in 0..<rows { (dst + r * cols).update(from: src + r * ld, count: cols) }
            }
            for (l, layer) in layers.enumerated() {
                let p = ModelConfig.layerPrefix(l)
                for (k, name) in model.cell.gateNames.enumerated() {
                    copy(padded + layer.wx + k * hp, ld: width, rows: l == 0 ? v : h, cols: h, to: "\(p)W_x\(name)")
                    copy(padded + layer.wh + k * hp, ld: width, rows: h, cols: h, to: "\(p)W_h\(name)")
                    copy(padded + layer.b + k * hp, ld: width, rows: 1, cols: h, to: "\(p)b_\(name)")
                }
                if let bhh = layer.bhh { copy(padded + bhh, ld: hp, rows: 1, cols: h, to: "\(p)b_hh") }
            }
            copy(padded + whq, ld: vp, rows: h, cols: v, to: "W_hq")
            copy(padded + bq, ld: vp, rows: 1, cols: v, to: "b_q")
        }
    }
}
