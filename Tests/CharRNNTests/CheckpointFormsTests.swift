import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

/// Weights-only files under d2l's and PyTorch's names, the export forms, and
/// what a file without a vocabulary falls back on.
@Suite struct CheckpointFormsTests {
    static let letters = try! Vocabulary(tokens: [" ", "<unk>"] + (97...122).map { String(UnicodeScalar(UInt8($0))) })

    static func checkpoint(_ cell: CellKind, layers: Int = 1, hidden: Int = 5) -> Checkpoint {
        let model = ModelConfig(vocabularySize: 28, hidden: hidden, cell: cell, layers: layers)
        var config = TrainingConfig()
        (config.hidden, config.cell, config.layers) = (hidden, cell, layers)
        return Checkpoint(model: model, vocabulary: letters, textMode: .letters, config: config,
                          params: Fixtures.randomParameters(model, seed: 7), progress: TrainingProgress(seed: 0), corpusSHA1: nil)
    }

    static func json(_ tokens: [String]) -> String { String(decoding: try! JSONEncoder().encode(tokens), as: UTF8.self) }

    static func file(_ tensors: [StoredTensor], _ meta: [String: String] = [:]) -> Data {
        Safetensors.encode(tensors: tensors, metadata: meta)
    }

    @Test(arguments: [(CellKind.rnn, 1), (.rnn, 3), (.lstm, 1), (.lstm, 2), (.gru, 2), (.torchGRU, 1), (.torchGRU, 2)])
    func d2lFormRoundTrips(cell: CellKind, layers: Int) throws {
        let ck = Self.checkpoint(cell, layers: layers)
        let back = try Checkpoint.load(ck.encoded(as: .d2l))
        #expect(back.weightsOnly && back.verified)
        #expect(back.checkpoint.model == ck.model && back.checkpoint.params == ck.params)
        #expect(back.checkpoint.vocabulary == ck.vocabulary && back.checkpoint.textMode == .letters)
        #expect(back.checkpoint.optimizerState == nil && back.checkpoint.progress.epoch == 0)
        #expect(back.notes == ["weights only (d2l names, \(ck.model.summary)): no training progress or optimiser state, "
            + "so training from it starts at epoch 0 with a fresh optimiser"])
    }

    @Test(arguments: [(CellKind.rnn, 1), (.rnn, 2), (.lstm, 1), (.lstm, 3), (.torchGRU, 1), (.torchGRU, 2)])
    func torchFormRoundTrips(cell: CellKind, layers: Int) throws {
        let ck = Self.checkpoint(cell, layers: layers)
        let data = try ck.encoded(as: .torch)
        let (tensors, meta) = try Safetensors.decode(data)
        #expect(meta["format"] == "pt" && meta["vocab"] == meta["charrnn.vocab"])
        let g = cell.gates
        var names: Set<String> = ["linear.weight", "linear.bias"]
        for k in 0..<layers { names.formUnion(["weight_ih_l\(k)", "weight_hh_l\(k)", "bias_ih_l\(k)", "bias_hh_l\(k)"].map { "rnn." + $0 }) }
        #expect(Set(tensors.map(\.name)) == names)
        #expect(tensors.first { $0.name == "rnn.weight_ih_l0" }?.shape == [g * 5, 28])
        let back = try Checkpoint.load(data)
        #expect(back.checkpoint.model == ck.model && back.checkpoint.params == ck.params)
    }

    @Test func d2lsGRUHasNoPyTorchForm() {
        #expect(throws: CheckpointError.self) { try Self.checkpoint(.gru).encoded(as: .torch) }
    }

    /// A hand-made nn.LSTM(2, 1) + nn.Linear(1, 2): gate blocks i, f, g, o map to
    /// W_xi, W_xf, W_xc, W_xo transposed; the two biases add up.
    @Test func pytorchLSTMGatesMapByHand() throws {
        let data = Self.file([
            StoredTensor(name: "net.lstm.weight_ih_l0", shape: [4, 2], values: [1, 2, 3, 4, 5, 6, 7, 8]),
            StoredTensor(name: "net.lstm.weight_hh_l0", shape: [4, 1], values: [-1, -2, -3, -4]),
            StoredTensor(name: "net.lstm.bias_ih_l0", shape: [4], values: [1, 2, 3, 4]),
            StoredTensor(name: "net.lstm.bias_hh_l0", shape: [4], values: [10, 20, 30, 40]),
            StoredTensor(name: "net.head.weight", shape: [2, 1], values: [0.5, -0.5]),
            StoredTensor(name: "net.head.bias", shape: [2], values: [0.25, -0.25]),
        ], ["vocab": "[\"<unk>\",\"A\"]"])
        let ck = try Checkpoint.load(data).checkpoint
        #expect(ck.model == ModelConfig(vocabularySize: 2, hidden: 1, cell: .lstm))
        let p = ck.params
        #expect(p.tensor("W_xi") == [1, 2] && p.tensor("W_xf") == [3, 4] && p.tensor("W_xc") == [5, 6] && p.tensor("W_xo") == [7, 8])
        #expect(p.tensor("W_hi") == [-1] && p.tensor("W_hf") == [-2] && p.tensor("W_hc") == [-3] && p.tensor("W_ho") == [-4])
        #expect(p.tensor("b_i") == [11] && p.tensor("b_f") == [22] && p.tensor("b_c") == [33] && p.tensor("b_o") == [44])
        #expect(p.tensor("W_hq") == [0.5, -0.5] && p.tensor("b_q") == [0.25, -0.25])
        #expect(ck.textMode == .raw)
    }

    /// nn.GRU's blocks r, z, n: b_hn stays apart as b_hh; no biases at all reads as zeros.
    @Test func pytorchGRUKeepsTheCandidatesRecurrentBias() throws {
        let base: [StoredTensor] = [
            StoredTensor(name: "weight_ih_l0", shape: [3, 2], values: [1, 2, 3, 4, 5, 6]),
            StoredTensor(name: "weight_hh_l0", shape: [3, 1], values: [7, 8, 9]),
            StoredTensor(name: "fc.weight", shape: [2, 1], values: [1, 1]),
            StoredTensor(name: "fc.bias", shape: [2], values: [0, 0]),
        ]
        let withBias = base + [StoredTensor(name: "bias_ih_l0", shape: [3], values: [1, 2, 3]),
                               StoredTensor(name: "bias_hh_l0", shape: [3], values: [10, 20, 30])]
        let p = try Checkpoint.load(Self.file(withBias, ["vocab": "[\"<unk>\",\"a\"]"])).checkpoint.params
        #expect(p.tensor("W_xr") == [1, 2] && p.tensor("W_xz") == [3, 4] && p.tensor("W_xh") == [5, 6])
        #expect(p.tensor("W_hr") == [7] && p.tensor("W_hz") == [8] && p.tensor("W_hh") == [9])
        #expect(p.tensor("b_r") == [11] && p.tensor("b_z") == [22] && p.tensor("b_h") == [3] && p.tensor("b_hh") == [30])
        let bare = try Checkpoint.load(Self.file(base, ["vocab": "[\"<unk>\",\"a\"]"])).checkpoint
        #expect(bare.model.cell == .torchGRU && bare.params.tensor("b_h") == [0] && bare.params.tensor("b_hh") == [0])
    }

    @Test func namesUnderAPrefixAndUnusedTensorsAreNoted() throws {
        let ck = Self.checkpoint(.lstm)
        var tensors = ck.weightTensors.map { t in var t = t; t.name = "model." + t.name; return t }
        tensors.append(StoredTensor(name: "step", shape: [1], values: [3]))
        let back = try Checkpoint.load(Self.file(tensors, ["vocab": Self.json(ck.vocabulary.tokens)]))
        #expect(back.checkpoint.params == ck.params && !back.verified)
        #expect(back.notes.contains("the file has no charrnn checksums (another tool wrote it), so it is loaded unverified"))
        #expect(back.notes.contains("ignored 1 tensor the model does not use: step"))
    }

    @Test func modelsCharrnnCannotOpenAreRefusedInOneLine() throws {
        func refused(_ tensors: [StoredTensor], _ fragment: String) {
            #expect {
                try Checkpoint.load(Self.file(tensors, ["vocab": "[\"<unk>\",\"a\"]"]))
            } throws: { error in
                guard case .unrecognised(let why) = error as? CheckpointError else { return false }
                return why.contains(fragment)
            }
        }
        let rnn = [StoredTensor(name: "rnn.weight_ih_l0", shape: [3, 2], values: .init(repeating: 0, count: 6)),
                   StoredTensor(name: "rnn.weight_hh_l0", shape: [3, 3], values: .init(repeating: 0, count: 9))]
        let head = [StoredTensor(name: "fc.weight", shape: [2, 3], values: .init(repeating: 0, count: 6)),
                    StoredTensor(name: "fc.bias", shape: [2], values: [0, 0])]
        refused(rnn, "no linear head")
        refused(rnn + head + [StoredTensor(name: "rnn.weight_ih_l0_reverse", shape: [3, 2], values: .init(repeating: 0, count: 6))], "bidirectional")
        let embedded = [StoredTensor(name: "rnn.weight_ih_l0", shape: [3, 4], values: .init(repeating: 0, count: 12)), rnn[1]]
        refused(embedded + head, "no embedding layer")
        refused([StoredTensor(name: "x", shape: [1], values: [1])], "found x")
    }

    // MARK: - Vocabulary

    static func bareRNN() -> Data {
        Self.file(Self.checkpoint(.rnn).weightTensors)
    }

    @Test func aFileWithoutAVocabularyTakesVocabOrTheCorpus() throws {
        #expect(throws: CheckpointError.self) { try Checkpoint.load(Self.bareRNN()) }
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let vocabFile = dir.appendingPathComponent("vocab.json")
        try Data(Self.json(Self.letters.tokens).utf8).write(to: vocabFile)
        let fromFile = try Checkpoint.load(Self.bareRNN(), options: .init(vocabularyFile: vocabFile))
        #expect(fromFile.checkpoint.vocabulary == Self.letters)
        #expect(fromFile.notes.contains("the file records no vocabulary; using --vocab '\(vocabFile.path)' (28 tokens)"))
        var base = TrainingConfig()
        base.textMode = .raw
        base.optimizer = .adam
        let fromCorpus = try Checkpoint.load(Self.bareRNN(), options: .init(base: base, corpusVocabulary: { mode in
            #expect(mode == .raw)
            return Self.letters
        }))
        #expect(fromCorpus.checkpoint.textMode == .raw && fromCorpus.checkpoint.config.optimizer == .adam)
        #expect(fromCorpus.notes.contains("the file records no vocabulary; using the corpus's (28 tokens, --text raw)"))
        let small = try Vocabulary(tokens: ["<unk>", "a"])
        #expect(throws: CheckpointError.vocabularyMismatch("the model has 28 outputs but the vocabulary 2 tokens")) {
            try Checkpoint.load(Self.bareRNN(), options: .init(corpusVocabulary: { _ in small }))
        }
    }

    // MARK: - A weights-only file trains on

    @Test func trainingFromAWeightsOnlyFileStartsAFreshOptimiser() throws {
        let corpus = try SmallRun.corpus()
        var config = SmallRun.config(epochs: 1)
        config.optimizer = .momentum
        let ck = try Checkpoint.load(Self.checkpoint(.lstm, hidden: 16).encoded(as: .torch), options: .init(base: config)).checkpoint
        let loaded = LoadedCorpus(corpus: corpus, located: LocatedCorpus(url: Fixtures.timeMachineURL, origin: .explicit, isDefaultTimeMachine: true), sha1: "")
        let trainer = try RunSetup.trainer(config: ck.config, corpus: loaded, resume: ck)
        #expect(trainer.optimizerState.kind == .momentum && trainer.optimizerState.updates == 0)
        #expect(trainer.learningRate == config.learningRate)
        trainer.run()
        #expect(trainer.progress.epoch == 1 && trainer.params != ck.params)
    }
}
