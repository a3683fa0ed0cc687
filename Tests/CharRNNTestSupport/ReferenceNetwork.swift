import CharRNN
import Foundation

/// Any model of `ModelConfig` (RNN, GRU, LSTM or PyTorch GRU cells, any depth) evaluated as
/// plainly as possible in Double, from the named tensors — the reference the
/// engine's forward pass and, through finite differences, its gradients are
/// checked against.
public struct ReferenceNetwork {
    public let model: ModelConfig
    public var tensors: [String: [Double]]

    public init(model: ModelConfig, params: ParameterArena) {
        self.model = model
        tensors = Dictionary(uniqueKeysWithValues: model.layout.specs.map { ($0.name, params.tensor($0.name).map(Double.init)) })
    }

    /// Flattened in layout order.
    public var flat: [Double] { model.layout.specs.flatMap { tensors[$0.name]! } }

    public mutating func setFlat(_ f: [Double]) {
        var i = 0
        for spec in model.layout.specs {
            tensors[spec.name] = Array(f[i..<(i + spec.count)])
            i += spec.count
        }
    }

    /// x·W + h·U + b for one gate of layer `prefix` (x: in, h: H).
    func affine(_ prefix: String, _ gate: String, x: [Double], h: [Double]) -> [Double] {
        let H = model.hidden
        let wx = tensors["\(prefix)W_x\(gate)"]!, wh = tensors["\(prefix)W_h\(gate)"]!, b = tensors["\(prefix)b_\(gate)"]!
        return (0..<H).map { j in
            var s = b[j]
            for i in x.indices { s += x[i] * wx[i * H + j] }
            for i in h.indices { s += h[i] * wh[i * H + j] }
            return s
        }
    }

    static func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    /// One state of one layer after each step: (T, H).
    public struct State {
        /// The 0-based layer.
        public var layer: Int
        /// `h`, `c`, or a gate's letter (`z`, `r`; `i`, `f`, `o`), as d2l names them.
        public var symbol: String
        public var values: [[Double]]
    }

    /// Every state of every layer for one sequence starting from zero, in the
    /// order layer by layer: RNN h; both GRUs z, r, h; LSTM i, f, o, c, h. Gates
    /// are after their sigmoid.
    public func trace(_ ids: [Int]) -> [State] {
        let V = model.vocabularySize
        return trace(inputs: ids.map { id in (0..<V).map { $0 == id ? 1 : 0 } })
    }

    /// `trace` of any input vectors (T, V), e.g. a one-hot entry scaled.
    public func trace(inputs: [[Double]]) -> [State] {
        let H = model.hidden
        var inputs = inputs
        var out: [State] = []
        for l in 0..<model.layers {
            let p = ModelConfig.layerPrefix(l)
            var h = [Double](repeating: 0, count: H), c = h
            var steps: [[String: [Double]]] = []
            for x in inputs {
                switch model.cell {
                case .rnn:
                    h = affine(p, "h", x: x, h: h).map { tanh($0) }
                    steps.append(["h": h])
                case .gru:
                    let z = affine(p, "z", x: x, h: h).map(Self.sigmoid), r = affine(p, "r", x: x, h: h).map(Self.sigmoid)
                    let cand = affine(p, "h", x: x, h: zip(r, h).map(*)).map { tanh($0) }
                    h = (0..<H).map { z[$0] * h[$0] + (1 - z[$0]) * cand[$0] }
                    steps.append(["z": z, "r": r, "h": h])
                case .torchGRU:
                    // PyTorch's GRU: n = tanh(x·W_xh + b_h + r ⊙ (h·W_hh + b_hh)).
                    let z = affine(p, "z", x: x, h: h).map(Self.sigmoid), r = affine(p, "r", x: x, h: h).map(Self.sigmoid)
                    let xn = affine(p, "h", x: x, h: [])
                    let wh = tensors["\(p)W_hh"]!, bhh = tensors["\(p)b_hh"]!
                    let hn = (0..<H).map { j in h.indices.reduce(bhh[j]) { $0 + h[$1] * wh[$1 * H + j] } }
                    let cand = (0..<H).map { tanh(xn[$0] + r[$0] * hn[$0]) }
                    h = (0..<H).map { z[$0] * h[$0] + (1 - z[$0]) * cand[$0] }
                    steps.append(["z": z, "r": r, "h": h])
                case .lstm:
                    let i = affine(p, "i", x: x, h: h).map(Self.sigmoid), f = affine(p, "f", x: x, h: h).map(Self.sigmoid)
                    let o = affine(p, "o", x: x, h: h).map(Self.sigmoid), g = affine(p, "c", x: x, h: h).map { tanh($0) }
                    c = (0..<H).map { f[$0] * c[$0] + i[$0] * g[$0] }
                    h = (0..<H).map { o[$0] * tanh(c[$0]) }
                    steps.append(["i": i, "f": f, "o": o, "c": c, "h": h])
                }
            }
            let symbols = switch model.cell {
            case .rnn: ["h"]
            case .gru, .torchGRU: ["z", "r", "h"]
            case .lstm: ["i", "f", "o", "c", "h"]
            }
            out += symbols.map { symbol in State(layer: l, symbol: symbol, values: steps.map { $0[symbol]! }) }
            inputs = steps.map { $0["h"]! }
        }
        return out
    }

    /// The top layer's hidden states for one sequence: (T, H).
    public func states(_ ids: [Int]) -> [[Double]] {
        trace(ids).last!.values
    }

    /// Logits of one state: (V).
    public func logits(_ state: [Double]) -> [Double] {
        let V = model.vocabularySize
        let w = tensors["W_hq"]!, b = tensors["b_q"]!
        return (0..<V).map { k in b[k] + state.indices.reduce(0) { $0 + state[$1] * w[$1 * V + k] } }
    }

    /// The mean cross-entropy over all rows and steps.
    public func loss(x: [[Int]], y: [[Int]]) -> Double {
        var total = 0.0
        for (xs, ys) in zip(x, y) {
            for (t, s) in states(xs).enumerated() {
                let z = logits(s)
                let m = z.max()!
                total += log(z.reduce(0) { $0 + exp($1 - m) }) + m - z[ys[t]]
            }
        }
        return total / Double(x.count * x[0].count)
    }
}
