/// How a file names a model's tensors.
public enum TensorNaming: String, Sendable, CaseIterable {
    /// d2l's names, as charrnn stores them: `W_xh`, `W_hh`, `b_h`, …, `W_hq`,
    /// `b_q`, gates `z r h` (GRU) and `i f o c` (LSTM), `l1.`… above layer 0.
    case d2l
    /// A PyTorch state dict: `nn.RNN`/`nn.GRU`/`nn.LSTM` (`weight_ih_l0`, …)
    /// and an `nn.Linear` head (`weight`, `bias`).
    case torch
}

/// A model found in a file's tensors by their names and shapes.
struct RecognisedWeights {
    var model: ModelConfig
    var params: ParameterArena
    var naming: TensorNaming
    /// Tensors of the file the model does not use.
    var ignored: [String]

    /// Recognises the model in `tensors` by d2l's names, else PyTorch's.
    static func recognise(_ tensors: [StoredTensor]) throws(CheckpointError) -> RecognisedWeights {
        let byName = Dictionary(tensors.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        if let found = try D2LNames.recognise(byName) { return found }
        if let found = try TorchNames.recognise(byName) { return found }
        let sample = tensors.prefix(4).map(\.name).joined(separator: ", ")
        throw .unrecognised("no tensors named as d2l's (W_xh, …, W_hq, b_q) or PyTorch's (weight_ih_l0, …) model (found \(sample)\(tensors.count > 4 ? ", …" : ""))")
    }

    /// Fills an arena of `model` from `name → values`, checking every shape.
    static func arena(_ model: ModelConfig, _ values: (TensorSpec) throws(CheckpointError) -> [Float]) throws(CheckpointError) -> ParameterArena {
        var arena = ParameterArena(layout: model.layout)
        for spec in model.layout.specs { arena.setTensor(spec.name, try values(spec)) }
        return arena
    }
}

/// d2l's tensor names, under any common prefix (`model.W_xh`, …).
enum D2LNames {
    static func recognise(_ byName: [String: StoredTensor]) throws(CheckpointError) -> RecognisedWeights? {
        // The output layer anchors the prefix; the shortest wins (a charrnn
        // file stripped of its metadata also has `optimizer.m.W_hq`, …).
        guard let prefix = byName.keys.filter({ $0.hasSuffix("W_hq") }).map({ String($0.dropLast(4)) }).min(by: { $0.count < $1.count }),
            let whq = byName[prefix + "W_hq"], whq.shape.count == 2
        else { return nil }
        let (h, v) = (whq.shape[0], whq.shape[1])
        func has(_ name: String) -> Bool { byName[prefix + name] != nil }
        let cell: CellKind
        if has("W_xi") { cell = .lstm }
        else if has("W_xz") { cell = has("b_hh") ? .torchGRU : .gru }
        else if has("W_xh") { cell = .rnn }
        else { throw .unrecognised("'\(prefix)W_hq' has no recurrent layer beside it (W_xh, W_xz or W_xi)") }
        var layers = 1
        while has("\(ModelConfig.layerPrefix(layers))W_x\(cell.gateNames[0])") { layers += 1 }
        guard h > 0, v > 0, h <= TrainingConfig.maxHidden, layers <= TrainingConfig.maxLayers else { throw .unrecognised("'\(prefix)W_hq' has shape \(whq.shape)") }
        let model = ModelConfig(vocabularySize: v, hidden: h, cell: cell, layers: layers)
        let params = try RecognisedWeights.arena(model) { spec throws(CheckpointError) in
            guard let t = byName[prefix + spec.name] else { throw .missingTensor(prefix + spec.name) }
            guard t.shape == spec.shape else { throw .wrongShape(name: prefix + spec.name, expected: spec.shape, actual: t.shape) }
            return t.values
        }
        let used = Set(model.layout.specs.map { prefix + $0.name })
        return RecognisedWeights(model: model, params: params, naming: .d2l, ignored: byName.keys.filter { !used.contains($0) }.sorted())
    }
}
