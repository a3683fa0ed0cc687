/// The shape of a character RNN language model.
public struct ModelConfig: Hashable, Sendable, Codable {
    /// V: the vocabulary size, which is also the one-hot input width and the output width.
    public var vocabularySize: Int
    /// H: hidden units of the recurrent cell.
    public var hidden: Int

    enum CodingKeys: String, CodingKey {
        case vocabularySize = "vocab_size", hidden
    }

    public init(vocabularySize: Int, hidden: Int) {
        self.vocabularySize = vocabularySize
        self.hidden = hidden
    }

    /// The five tensors of d2l's `RNNScratch` + `RNNLMScratch`, in draw order:
    /// W_xh (V, H), W_hh (H, H), b_h (H), W_hq (H, V), b_q (V).
    public var layout: ParameterLayout {
        let v = vocabularySize, h = hidden
        return ParameterLayout([
            TensorSpec("W_xh", [v, h]),
            TensorSpec("W_hh", [h, h]),
            TensorSpec("b_h", [h]),
            TensorSpec("W_hq", [h, v]),
            TensorSpec("b_q", [v]),
        ])
    }

    /// Floating-point operations per training token with the row-lookup input:
    /// 2·(3H² + 3HV) (forward, input gradient and weight gradient of both products).
    public var trainingFLOPsPerToken: Double {
        let h = Double(hidden), v = Double(vocabularySize)
        return 2 * (3 * h * h + 3 * h * v)
    }
}
