import Foundation

/// The forms a checkpoint can be written in (`charrnn convert --to`).
public enum CheckpointForm: String, Sendable, CaseIterable {
    /// charrnn's checkpoint: weights, optimiser state, progress, history.
    case charrnn
    /// The weights alone under d2l's names (`W_xh`, …, `W_hq`, `b_q`).
    case d2l
    /// The weights alone as a PyTorch state dict: `rnn.weight_ih_l0`, … for
    /// `nn.RNN`/`nn.LSTM`/`nn.GRU` and `linear.weight`, `linear.bias` for the
    /// `nn.Linear` head, loadable with `load_state_dict(strict=True)`.
    case torch
}

extension Checkpoint {
    /// The file's bytes in `form`. The weights-only forms carry `vocab` (the
    /// tokens, for other tools), `format: pt` for PyTorch, and charrnn's
    /// `charrnn.version`, `charrnn.vocab`, `charrnn.text_mode` and checksums.
    /// Throws `.notConvertible` for d2l's GRU as PyTorch (no module computes it).
    public func encoded(as form: CheckpointForm) throws(CheckpointError) -> Data {
        let tensors: [StoredTensor]
        var meta = identityMetadata
        meta["vocab"] = meta[MetadataKeys.current.vocab]
        switch form {
        case .charrnn:
            return encoded()
        case .d2l:
            tensors = weightTensors
        case .torch:
            tensors = try TorchNames.stateDict(params, model: model)
            meta["format"] = "pt"
        }
        return Safetensors.encode(tensors: tensors, metadata: CheckpointIntegrity.sealed(meta, tensors: tensors))
    }
}
