/// The recurrent cell of every layer: d2l's scratch RNN, GRU or LSTM, or
/// PyTorch's GRU.
public enum CellKind: String, Sendable, Codable, CaseIterable {
    case rnn
    case gru
    case lstm
    /// PyTorch's (and cuDNN's) GRU: the reset gate applies after the recurrent
    /// product, h̃ = tanh(x·W_xh + b_h + r ⊙ (h·W_hh + b_hh)), where d2l's GRU has
    /// tanh(x·W_xh + (r ⊙ h)·W_hh + b_h). Its extra tensor `b_hh` is the bias
    /// inside the reset.
    case torchGRU = "torch-gru"

    /// The gates (and candidate) of one layer, in the order their tensors are
    /// stored and their columns packed: `h` for the RNN; update `z`, reset `r`
    /// and candidate `h` for the GRUs; input `i`, forget `f`, output `o` and
    /// candidate `c` for the LSTM (d2l's names).
    public var gateNames: [String] {
        switch self {
        case .rnn: ["h"]
        case .gru, .torchGRU: ["z", "r", "h"]
        case .lstm: ["i", "f", "o", "c"]
        }
    }

    /// Whether the cell is one of the two GRUs (z, r, candidate h, with the
    /// candidate's recurrent product kept apart from the gates').
    public var isGRU: Bool { self == .gru || self == .torchGRU }

    /// G: gates per layer.
    public var gates: Int { gateNames.count }
}

/// The shape of a character language model: cell, depth, width, vocabulary.
public struct ModelConfig: Hashable, Sendable, Codable {
    /// V: the vocabulary size, which is also the one-hot input width and the output width.
    public var vocabularySize: Int
    /// H: hidden units of every layer.
    public var hidden: Int
    public var cell: CellKind
    /// Stacked recurrent layers; layer l + 1 reads the hidden states of layer l.
    public var layers: Int

    enum CodingKeys: String, CodingKey {
        case vocabularySize = "vocab_size", hidden, cell, layers
    }

    public init(vocabularySize: Int, hidden: Int, cell: CellKind = .rnn, layers: Int = 1) {
        self.vocabularySize = vocabularySize
        self.hidden = hidden
        self.cell = cell
        self.layers = layers
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        vocabularySize = try c.decode(Int.self, forKey: .vocabularySize)
        hidden = try c.decode(Int.self, forKey: .hidden)
        cell = try c.decodeIfPresent(CellKind.self, forKey: .cell) ?? .rnn
        layers = try c.decodeIfPresent(Int.self, forKey: .layers) ?? 1
    }

    /// The tensor-name prefix of layer `l`: none for layer 0 (so the one-layer RNN
    /// has d2l's names W_xh, W_hh, b_h), `l1.`, `l2.`, … above it.
    public static func layerPrefix(_ l: Int) -> String { l == 0 ? "" : "l\(l)." }

    /// Every tensor, in draw and storage order: for each layer and each gate g,
    /// W_xg (in, H), W_hg (H, H), b_g (H) — in = V for layer 0, H above — and
    /// for PyTorch's GRU b_hh (H) after them; then the output layer W_hq (H, V),
    /// b_q (V). The one-layer RNN is d2l's W_xh, W_hh, b_h, W_hq, b_q.
    public var layout: ParameterLayout {
        let v = vocabularySize, h = hidden
        var specs: [TensorSpec] = []
        for l in 0..<layers {
            let p = ModelConfig.layerPrefix(l)
            for g in cell.gateNames {
                specs.append(TensorSpec("\(p)W_x\(g)", [l == 0 ? v : h, h]))
                specs.append(TensorSpec("\(p)W_h\(g)", [h, h]))
                specs.append(TensorSpec("\(p)b_\(g)", [h]))
            }
            if cell == .torchGRU { specs.append(TensorSpec("\(p)b_hh", [h])) }
        }
        specs.append(TensorSpec("W_hq", [h, v]))
        specs.append(TensorSpec("b_q", [v]))
        return ParameterLayout(specs)
    }

    /// Floating-point operations per training token with the row-lookup input
    /// (forward, input gradient and weight gradient of every product):
    /// 2·(3·G·H² + 3·(L−1)·G·H² + 3HV) — for the one-layer RNN 2·(3H² + 3HV).
    public var trainingFLOPsPerToken: Double {
        let h = Double(hidden), v = Double(vocabularySize), g = Double(cell.gates), l = Double(layers)
        return 2 * (3 * g * h * h * (2 * l - 1) + 3 * h * v)
    }

    /// A short description, e.g. `2-layer LSTM, H=32, V=28`.
    public var summary: String {
        let name = switch cell {
        case .rnn: "RNN"
        case .gru: "GRU"
        case .lstm: "LSTM"
        case .torchGRU: "PyTorch GRU"
        }
        return "\(layers > 1 ? "\(layers)-layer " : "")\(name), H=\(hidden), V=\(vocabularySize)"
    }
}
