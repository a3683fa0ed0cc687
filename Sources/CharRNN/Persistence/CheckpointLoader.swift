import Foundation

/// Where a checkpoint's records live in `__metadata__`: under `charrnn.` now,
/// without a prefix in the first format (`format: charrnn/1`).
struct MetadataKeys {
    let version, vocab, textMode, model, hyperparameters, progress, optimizer, corpusSHA1: String

    init(prefix p: String) {
        (version, vocab, textMode, model) = (p + "version", p + "vocab", p + "text_mode", p + "model")
        (hyperparameters, progress, optimizer, corpusSHA1) = (p + "hyperparameters", p + "progress", p + "optimizer", p + "corpus_sha1")
    }

    static let current = MetadataKeys(prefix: CheckpointIntegrity.prefix)
    static let legacy = MetadataKeys(prefix: "")
}

/// What fills in for the records a weights-only file lacks.
public struct CheckpointLoadOptions: Sendable {
    /// The run settings of a file that records none (its model's shape and
    /// preprocessing replace `hidden`, `cell`, `layers` and `textMode`).
    public var base: TrainingConfig
    /// `--vocab FILE`: a JSON array of the tokens in index order.
    public var vocabularyFile: URL?
    /// The corpus's vocabulary under a text mode, the last resort.
    public var corpusVocabulary: (@Sendable (TextMode) throws -> Vocabulary)?

    public init(base: TrainingConfig = TrainingConfig(), vocabularyFile: URL? = nil,
                corpusVocabulary: (@Sendable (TextMode) throws -> Vocabulary)? = nil) {
        self.base = base
        self.vocabularyFile = vocabularyFile
        self.corpusVocabulary = corpusVocabulary
    }

    /// A front end's options: `--vocab PATH`, else the vocabulary of the corpus
    /// `corpus` finds.
    public init(base: TrainingConfig = TrainingConfig(), vocabularyPath: String?, corpus: CorpusLocator) {
        self.init(base: base, vocabularyFile: vocabularyPath.map { URL(fileURLWithPath: $0) }) { mode in
            try RunSetup.loadCorpus(mode: mode, locator: corpus).corpus.vocabulary
        }
    }
}

/// A checkpoint as loaded, with what the user should be told about it.
public struct LoadedCheckpoint: Sendable {
    public var checkpoint: Checkpoint
    /// One line each (no "note:" prefix): converted dtypes, a missing vocabulary
    /// or optimiser state, unverified or weights-only files, ignored tensors.
    public var notes: [String]
    /// The file had only weights (no progress or optimiser state of charrnn's).
    public var weightsOnly: Bool
    /// charrnn's checksums were present and matched.
    public var verified: Bool
}

extension Checkpoint {
    // MARK: - Loading

    /// The one loader every front end calls (`--checkpoint`, `--resume`, `load`,
    /// `compare`): charrnn checkpoints of both formats, weights-only files with
    /// d2l's or PyTorch's names, F32/F16/BF16/F64 tensors. Nothing is returned
    /// unless every check passes.
    public static func load(from url: URL, options: CheckpointLoadOptions = .init()) throws(CheckpointError) -> LoadedCheckpoint {
        AtomicFile.removeStaleTemporaries(for: url)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let reason = FileManager.default.fileExists(atPath: url.path) ? "\(error.localizedDescription)" : "no such file"
            throw .unreadable(path: url.path, reason: reason)
        }
        do {
            return try load(data, options: options)
        } catch {
            throw .inFile(path: url.path, error)
        }
    }

    /// `load(from:)` on a file's bytes.
    public static func load(_ data: Data, options: CheckpointLoadOptions = .init()) throws(CheckpointError) -> LoadedCheckpoint {
        let (tensors, meta) = try Safetensors.decode(data)
        let legacy = meta["format"] == legacyFormat
        var notes: [String] = []
        var verified = legacy
        if !legacy {
            if let v = meta[MetadataKeys.current.version], (Int(v) ?? .max) > version {
                throw .badMetadata("written by a newer charrnn (version \(v)); this one reads version \(version) and older")
            }
            verified = try CheckpointIntegrity.verify(tensors, meta) == .verified
            if !verified { notes.append("the file has no charrnn checksums (another tool wrote it), so it is loaded unverified") }
        }
        let converted = Dictionary(grouping: tensors.filter { $0.sourceDType != .f32 }, by: \.sourceDType)
        for (dtype, group) in converted.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            notes.append("converted \(group.count) \(dtype.rawValue) tensor\(group.count == 1 ? "" : "s") to float32")
        }
        let keys = legacy ? MetadataKeys.legacy : .current
        if meta[keys.hyperparameters] != nil || legacy {
            let (ck, more) = try decodeRun(tensors, meta, keys: keys, legacy: legacy)
            return LoadedCheckpoint(checkpoint: ck, notes: notes + more, weightsOnly: false, verified: verified)
        }
        let (ck, more) = try decodeWeights(tensors, meta, options: options)
        return LoadedCheckpoint(checkpoint: ck, notes: notes + more, weightsOnly: true, verified: verified)
    }

    /// `load(from:)` for callers that need no notes; a weights-only file must record its vocabulary.
    public static func read(from url: URL) throws(CheckpointError) -> Checkpoint {
        try load(from: url).checkpoint
    }

    /// `load(_:)` for callers that need no notes.
    public static func decode(_ data: Data) throws(CheckpointError) -> Checkpoint {
        try load(data).checkpoint
    }

    // MARK: - A run (charrnn's own files)

    /// A checkpoint charrnn saved: weights, vocabulary, hyperparameters, progress
    /// and — when present — the optimiser's state and the carried state.
    private static func decodeRun(_ tensors: [StoredTensor], _ meta: [String: String], keys: MetadataKeys, legacy: Bool)
        throws(CheckpointError) -> (Checkpoint, notes: [String])
    {
        if legacy { try CheckpointIntegrity.verifyLegacyMetadata(meta) }
        let dec = jsonDecoder()
        func field<T: Decodable>(_ key: String, _ type: T.Type) throws(CheckpointError) -> T {
            guard let text = meta[key] else { throw .badMetadata("no '\(key)' entry") }
            do { return try dec.decode(T.self, from: Data(text.utf8)) } catch { throw .badMetadata("'\(key)' cannot be decoded") }
        }
        let model = try field(keys.model, ModelConfig.self)
        let vocabulary = try decodeVocabulary(try field(keys.vocab, [String].self))
        // Before `model.layout`, whose sizes would overflow for an absurd H.
        guard vocabulary.count == model.vocabularySize, model.hidden > 0, model.hidden <= TrainingConfig.maxHidden, (1...TrainingConfig.maxLayers).contains(model.layers) else {
            throw .badMetadata("model \(model) does not fit a vocabulary of \(vocabulary.count)")
        }
        guard let textMode = TextMode(rawValue: meta[keys.textMode] ?? "") else { throw .badMetadata("unknown text_mode") }
        var config = try field(keys.hyperparameters, TrainingConfig.self)
        // The first format's `jax` was JAX's original threefry layout.
        if legacy && config.initScheme == .jax { config.initScheme = .jaxLegacy }
        let progress = try field(keys.progress, TrainingProgress.self)
        guard config.model(vocabularySize: vocabulary.count) == model else {
            throw .badMetadata("the hyperparameters do not describe the model \(model.summary)")
        }
        try checkConsistency(model: model, config: config, progress: progress)
        let record = meta[keys.optimizer] == nil ? OptimizerRecord(kind: config.optimizer, updates: 0) : try field(keys.optimizer, OptimizerRecord.self)
        guard record.kind == config.optimizer else { throw .badMetadata("optimizer \(record.kind) does not match the hyperparameters") }
        guard (0...(1 << 53)).contains(record.updates) else { throw .badMetadata("the optimizer record is out of range") }
        let slotNames = record.kind.slotNames.flatMap { slot in model.layout.specs.map { "optimizer.\(slot).\($0.name)" } }
        if legacy {
            try CheckpointIntegrity.verifyLegacyData(tensors, meta, writerOrder: model.layout.specs.map(\.name) + slotNames + ["carry"])
        }
        // Every shape is checked against the file's tensors before anything is
        // allocated, so no arena is ever larger than the data actually read.
        let byName = Dictionary(tensors.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        func arena(prefix: String) throws(CheckpointError) -> ParameterArena {
            try RecognisedWeights.arena(model) { spec throws(CheckpointError) in
                guard let t = byName[prefix + spec.name] else { throw .missingTensor(prefix + spec.name) }
                guard t.shape == spec.shape else { throw .wrongShape(name: prefix + spec.name, expected: spec.shape, actual: t.shape) }
                return t.values
            }
        }
        let params = try arena(prefix: "")
        var notes: [String] = []
        var state: OptimizerState?
        if record.kind.slotNames.isEmpty {
            state = OptimizerState(kind: record.kind, slots: [], updates: record.updates)
        } else if slotNames.allSatisfy({ byName[$0] == nil }) {
            notes.append("the file has no \(record.kind) state, so training from it starts a fresh optimiser")
        } else {
            var slots: [ParameterArena] = []
            for name in record.kind.slotNames { slots.append(try arena(prefix: "optimizer.\(name).")) }
            state = OptimizerState(kind: record.kind, slots: slots, updates: record.updates)
        }
        var carry: [Float]?
        if config.partition == .sequential, let t = byName["carry"] {
            let shape = [config.batchSize, NetworkWorkspace.stateWidth(model: model)]
            guard t.shape == shape else { throw .wrongShape(name: "carry", expected: shape, actual: t.shape) }
            carry = t.values
        }
        let ck = Checkpoint(
            model: model, vocabulary: vocabulary, textMode: textMode, config: config, params: params, progress: progress,
            optimizerState: state, carry: carry, corpusSHA1: meta[keys.corpusSHA1])
        return (ck, notes)
    }

    // MARK: - Weights only

    /// A file with a model's weights and nothing of a run: d2l's or PyTorch's
    /// names, the vocabulary from the file, `--vocab` or the corpus.
    private static func decodeWeights(_ tensors: [StoredTensor], _ meta: [String: String], options: CheckpointLoadOptions)
        throws(CheckpointError) -> (Checkpoint, notes: [String])
    {
        let found = try RecognisedWeights.recognise(tensors)
        let model = found.model
        var notes = ["weights only (\(found.naming == .torch ? "PyTorch" : "d2l") names, \(model.summary)): no training progress "
            + "or optimiser state, so training from it starts at epoch 0 with a fresh optimiser"]
        if !found.ignored.isEmpty {
            let shown = found.ignored.prefix(4).joined(separator: ", ") + (found.ignored.count > 4 ? ", …" : "")
            notes.append("ignored \(found.ignored.count) tensor\(found.ignored.count == 1 ? "" : "s") the model does not use: \(shown)")
        }
        var textMode = meta[MetadataKeys.current.textMode].flatMap(TextMode.init(rawValue:))
        let vocabulary: Vocabulary
        if let text = meta[MetadataKeys.current.vocab] ?? meta["vocab"] {
            vocabulary = try decodeVocabulary(try parseTokens(text, source: "the file's 'vocab'"))
        } else if let url = options.vocabularyFile {
            let data: Data
            do { data = try Data(contentsOf: url) } catch { throw .noVocabulary("cannot read --vocab '\(url.path)': \(error.localizedDescription)") }
            vocabulary = try decodeVocabulary(try parseTokens(String(decoding: data, as: UTF8.self), source: "--vocab '\(url.path)'"))
            notes.append("the file records no vocabulary; using --vocab '\(url.path)' (\(vocabulary.count) tokens)")
        } else if let corpus = options.corpusVocabulary {
            let mode = textMode ?? options.base.textMode
            do { vocabulary = try corpus(mode) } catch { throw .noVocabulary("the file records none and the corpus's cannot be had: \(error)") }
            textMode = mode
            notes.append("the file records no vocabulary; using the corpus's (\(vocabulary.count) tokens, --text \(mode.rawValue))")
        } else {
            throw .noVocabulary("the file has no 'vocab' entry; give --vocab FILE, a JSON array of the tokens in index order")
        }
        guard vocabulary.count == model.vocabularySize else {
            throw .vocabularyMismatch("the model has \(model.vocabularySize) outputs but the vocabulary \(vocabulary.count) tokens")
        }
        var config = options.base
        (config.hidden, config.cell, config.layers) = (model.hidden, model.cell, model.layers)
        config.textMode = textMode ?? likelyTextMode(vocabulary)
        let ck = Checkpoint(
            model: model, vocabulary: vocabulary, textMode: config.textMode, config: config, params: found.params,
            progress: TrainingProgress(seed: config.seed), corpusSHA1: nil)
        return (ck, notes)
    }

    private static func parseTokens(_ text: String, source: String) throws(CheckpointError) -> [String] {
        guard let tokens = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else {
            throw .badMetadata("\(source) is not a JSON array of strings")
        }
        return tokens
    }

    private static func decodeVocabulary(_ tokens: [String]) throws(CheckpointError) -> Vocabulary {
        do { return try Vocabulary(tokens: tokens) } catch { throw .badMetadata("\(error)") }
    }

    /// `letters` when every token is one d2l's preprocessing makes (a–z, space, `<unk>`), else `raw`.
    static func likelyTextMode(_ vocabulary: Vocabulary) -> TextMode {
        let letters = Set([" ", Vocabulary.unknownToken] + (UInt8(ascii: "a")...UInt8(ascii: "z")).map { String(UnicodeScalar($0)) })
        return vocabulary.tokens.allSatisfy(letters.contains) ? .letters : .raw
    }

    /// Rejects metadata that passed its checksum but would make a trainer trap
    /// (a file written by hand or by another program). Hyperparameters out of
    /// range are left to `TrainingConfig.validate`, which the trainer calls.
    static func checkConsistency(model: ModelConfig, config: TrainingConfig, progress: TrainingProgress) throws(CheckpointError) {
        guard config.hidden == model.hidden else {
            throw .badMetadata("the hyperparameters say \(config.hidden) hidden units, the model \(model.hidden)")
        }
        guard config.batchSize > 0, config.numTrain > 0, config.numSteps > 0, config.numTrain < 1 << 53, config.numSteps < 1 << 30 else {
            throw .badMetadata("the hyperparameters are out of range")
        }
        let batches = config.partition == .random ? (config.numTrain - 1) / config.batchSize + 1 : Trainer.sequentialBatchesPerEpoch(config)
        // Counters far below Int.max, so that training on cannot overflow them.
        let counters = 0...(1 << 53)
        guard counters.contains(progress.epoch), counters.contains(progress.step), counters.contains(progress.epochTokens),
            counters.contains(progress.clippedSteps), counters.contains(progress.nonFiniteStreak),
            (0...batches).contains(progress.batchInEpoch)
        else { throw .badMetadata("the progress record is out of range") }
        guard SeededGenerator(state: progress.generatorState) != nil else {
            throw .badMetadata("the generator state is not valid")
        }
    }
}
