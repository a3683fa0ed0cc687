/// A PyTorch state dict of `nn.RNN` (tanh), `nn.LSTM` or `nn.GRU` with one-hot
/// inputs and an `nn.Linear` head, under any prefix — and back.
///
/// For layer k, PyTorch stacks the gates' rows: `weight_ih_lk` (G·H, in),
/// `weight_hh_lk` (G·H, H), `bias_ih_lk`, `bias_hh_lk` (G·H), in the order
/// RNN: h; LSTM: i, f, g, o; GRU: r, z, n. charrnn's W_x<g> is the transpose of
/// gate g's block of `weight_ih`, W_h<g> that of `weight_hh`, and b_<g> is the
/// sum of the two biases — except the GRU's candidate, whose `bias_hh` block
/// stays apart as b_hh (it sits inside the reset: r ⊙ (h·W_hh + b_hh)). The
/// head's `weight` (V, H) is W_hqᵀ and its `bias` is b_q.
enum TorchNames {
    /// Prefixes the export writes, for `nn.Module`s with `self.rnn` and `self.linear`.
    static let rnnPrefix = "rnn.", headPrefix = "linear."

    /// For each of charrnn's gates (`CellKind.gateNames` order), its block in
    /// PyTorch's stacked rows; nil for d2l's GRU, which PyTorch has no form of.
    static func blocks(_ cell: CellKind) -> [Int]? {
        switch cell {
        case .rnn: [0]
        case .lstm: [0, 1, 3, 2]
        case .torchGRU: [1, 0, 2]
        case .gru: nil
        }
    }

    static func recognise(_ byName: [String: StoredTensor]) throws(CheckpointError) -> RecognisedWeights? {
        guard let prefix = byName.keys.filter({ $0.hasSuffix("weight_ih_l0") }).map({ String($0.dropLast(12)) }).min(by: { $0.count < $1.count }),
            let ih0 = byName[prefix + "weight_ih_l0"], let hh0 = byName[prefix + "weight_hh_l0"]
        else { return nil }
        if byName[prefix + "weight_ih_l0_reverse"] != nil { throw .unrecognised("\(prefix)… is bidirectional; charrnn runs one direction") }
        if byName[prefix + "weight_hr_l0"] != nil { throw .unrecognised("\(prefix)… is an LSTM with proj_size, which charrnn does not have") }
        guard ih0.shape.count == 2, hh0.shape.count == 2, hh0.shape[1] > 0, hh0.shape[0] % hh0.shape[1] == 0 else {
            throw .unrecognised("\(prefix)weight_hh_l0 has shape \(hh0.shape), not (G·H, H)")
        }
        let h = hh0.shape[1], inputs = ih0.shape[1]
        let cell: CellKind
        switch hh0.shape[0] / h {
        case 1: cell = .rnn
        case 3: cell = .torchGRU
        case 4: cell = .lstm
        case let g: throw .unrecognised("\(prefix)weight_hh_l0 stacks \(g) gates; nn.RNN has 1, nn.GRU 3, nn.LSTM 4")
        }
        var layers = 1
        while byName["\(prefix)weight_ih_l\(layers)"] != nil { layers += 1 }
        let head = try findHead(byName, rnnPrefix: prefix, hidden: h, inputs: inputs)
        let v = head.weight.shape[0]
        guard inputs == v else {
            throw .unrecognised("\(prefix)weight_ih_l0 reads \(inputs) inputs but the head '\(head.name)weight' has \(v) outputs; "
                + "charrnn feeds one-hot characters (input size = vocabulary size) and has no embedding layer")
        }
        guard h <= TrainingConfig.maxHidden, layers <= TrainingConfig.maxLayers else { throw .unrecognised("\(prefix)weight_hh_l0 has shape \(hh0.shape)") }
        let model = ModelConfig(vocabularySize: v, hidden: h, cell: cell, layers: layers)
        let order = blocks(cell)!
        let g = order.count
        var used: Set<String> = [head.name + "weight", head.name + "bias"]
        func tensor(_ name: String, _ shape: [Int], optional: Bool = false) throws(CheckpointError) -> [Float]? {
            guard let t = byName[prefix + name] else {
                if optional { return nil }
                throw .missingTensor(prefix + name)
            }
            guard t.shape == shape else { throw .wrongShape(name: prefix + name, expected: shape, actual: t.shape) }
            used.insert(prefix + name)
            return t.values
        }
        var layerTensors: [(ih: [Float], hh: [Float], bih: [Float]?, bhh: [Float]?)] = []
        for k in 0..<layers {
            let n = k == 0 ? v : h
            layerTensors.append((try tensor("weight_ih_l\(k)", [g * h, n])!, try tensor("weight_hh_l\(k)", [g * h, h])!,
                                 try tensor("bias_ih_l\(k)", [g * h], optional: true), try tensor("bias_hh_l\(k)", [g * h], optional: true)))
        }
        let params = try RecognisedWeights.arena(model) { spec throws(CheckpointError) in
            if spec.name == "W_hq" { return transpose(head.weight.values, rows: v, cols: h) }
            if spec.name == "b_q" { return head.bias.values }
            let (k, local) = split(spec.name)
            let t = layerTensors[k]
            let n = k == 0 ? v : h
            if local == "b_hh" { return block(t.bhh, order[2], h) }
            let gate = String(local.last!)
            let b = order[cell.gateNames.firstIndex(of: gate)!]
            if local.hasPrefix("W_x") { return transpose(Array(t.ih[(b * h * n)..<((b + 1) * h * n)]), rows: h, cols: n) }
            if local.hasPrefix("W_h") { return transpose(Array(t.hh[(b * h * h)..<((b + 1) * h * h)]), rows: h, cols: h) }
            let input = block(t.bih, b, h)
            if cell == .torchGRU && gate == "h" { return input }
            return zip(input, block(t.bhh, b, h)).map(+)
        }
        return RecognisedWeights(model: model, params: params, naming: .torch, ignored: byName.keys.filter { !used.contains($0) }.sorted())
    }

    /// The state dict of `params` under `rnnPrefix` and `headPrefix`; biases go
    /// to `bias_ih` (with `bias_hh` zero but for the GRU's candidate).
    static func stateDict(_ params: ParameterArena, model: ModelConfig) throws(CheckpointError) -> [StoredTensor] {
        guard let order = blocks(model.cell) else {
            throw .notConvertible("d2l's GRU resets h before the recurrent product, nn.GRU after it, so no PyTorch module computes it "
                + "(train with --cell torch-gru for a GRU that PyTorch loads)")
        }
        let (v, h, g) = (model.vocabularySize, model.hidden, order.count)
        var out: [StoredTensor] = []
        for k in 0..<model.layers {
            let p = ModelConfig.layerPrefix(k), n = k == 0 ? v : h
            var ih = [Float](repeating: 0, count: g * h * n), hh = [Float](repeating: 0, count: g * h * h)
            var bih = [Float](repeating: 0, count: g * h), bhh = bih
            for (gate, b) in zip(model.cell.gateNames, order) {
                ih.replaceSubrange((b * h * n)..<((b + 1) * h * n), with: transpose(params.tensor("\(p)W_x\(gate)"), rows: n, cols: h))
                hh.replaceSubrange((b * h * h)..<((b + 1) * h * h), with: transpose(params.tensor("\(p)W_h\(gate)"), rows: h, cols: h))
                bih.replaceSubrange((b * h)..<((b + 1) * h), with: params.tensor("\(p)b_\(gate)"))
            }
            if model.cell == .torchGRU { bhh.replaceSubrange((order[2] * h)..<((order[2] + 1) * h), with: params.tensor("\(p)b_hh")) }
            let r = rnnPrefix
            out += [StoredTensor(name: "\(r)weight_ih_l\(k)", shape: [g * h, n], values: ih),
                    StoredTensor(name: "\(r)weight_hh_l\(k)", shape: [g * h, h], values: hh),
                    StoredTensor(name: "\(r)bias_ih_l\(k)", shape: [g * h], values: bih),
                    StoredTensor(name: "\(r)bias_hh_l\(k)", shape: [g * h], values: bhh)]
        }
        out.append(StoredTensor(name: headPrefix + "weight", shape: [v, h], values: transpose(params.tensor("W_hq"), rows: h, cols: v)))
        out.append(StoredTensor(name: headPrefix + "bias", shape: [v], values: params.tensor("b_q")))
        return out
    }

    /// The head: the one `X.weight` (V', H) with an `X.bias` (V') beside it,
    /// outside the recurrent layer; when several fit, the one with V' = `inputs`.
    private static func findHead(_ byName: [String: StoredTensor], rnnPrefix: String, hidden h: Int, inputs: Int) throws(CheckpointError)
        -> (name: String, weight: StoredTensor, bias: StoredTensor)
    {
        var found: [(String, StoredTensor, StoredTensor)] = []
        for (name, w) in byName where name.hasSuffix("weight") && !name.hasPrefix(rnnPrefix + "weight_") {
            let stem = String(name.dropLast(6))
            guard w.shape.count == 2, w.shape[1] == h, let b = byName[stem + "bias"], b.shape == [w.shape[0]] else { continue }
            found.append((stem, w, b))
        }
        if found.count > 1 { found = found.filter { $0.1.shape[0] == inputs } }
        guard found.count == 1 else {
            throw .unrecognised(found.isEmpty
                ? "no linear head beside \(rnnPrefix)weight_ih_l0: a 'weight' of shape (V, \(h)) with a 'bias' (V)"
                : "several linear heads fit: \(found.map { $0.0 + "weight" }.sorted().joined(separator: ", "))")
        }
        return found[0]
    }

    /// Layer index and the name inside the layer: `l2.W_xh` → (2, `W_xh`).
    private static func split(_ name: String) -> (Int, String) {
        guard name.hasPrefix("l"), let dot = name.firstIndex(of: "."), let k = Int(name[name.index(after: name.startIndex)..<dot]) else { return (0, name) }
        return (k, String(name[name.index(after: dot)...]))
    }

    /// Block `b` (H values) of a stacked bias, zeros when the module has none.
    private static func block(_ bias: [Float]?, _ b: Int, _ h: Int) -> [Float] {
        bias.map { Array($0[(b * h)..<((b + 1) * h)]) } ?? [Float](repeating: 0, count: h)
    }

    /// (rows, cols) row-major → (cols, rows) row-major.
    static func transpose(_ m: [Float], rows: Int, cols: Int) -> [Float] {
        var out = [Float](repeating: 0, count: m.count)
        for r in 0..<rows { for c in 0..<cols { out[c * rows + r] = m[r * cols + c] } }
        return out
    }
}
