import Foundation

/// A saved model with everything needed to sample from it and to continue its
/// training exactly: weights, vocabulary, preprocessing, hyperparameters and progress.
///
/// On disk it is a safetensors file (see `Safetensors`) with the model's tensors
/// (`ModelConfig.layout`: W_xh, W_hh, b_h, W_hq, b_q for d2l's RNN), the
/// optimiser's state as `optimizer.SLOT.NAME` (momentum's `velocity`, Adam's
/// `m` and `v`), the sequential partition's carried state as `carry`, and these
/// `__metadata__` strings: `format` (`charrnn/1`), `vocab` (JSON array of tokens
/// in index order), `text_mode`, `model`, `hyperparameters`, `progress` and
/// `optimizer` (JSON), `corpus_sha1`, `data_sha1` (SHA-1 of the tensor data) and
/// `metadata_sha1` (SHA-1 of the other metadata entries), so any flipped bit is detected.
public struct Checkpoint: Sendable {
    public static let format = "charrnn/1"

    public var model: ModelConfig
    public var vocabulary: Vocabulary
    public var textMode: TextMode
    public var config: TrainingConfig
    public var params: ParameterArena
    public var progress: TrainingProgress
    /// The optimiser's slots and update count (zero state when absent).
    public var optimizerState: OptimizerState?
    /// The sequential partition's carried state, (batchSize, stateWidth).
    public var carry: [Float]?
    /// SHA-1 of the corpus file the model was trained on, if known.
    public var corpusSHA1: String?

    public init(
        model: ModelConfig, vocabulary: Vocabulary, textMode: TextMode, config: TrainingConfig,
        params: ParameterArena, progress: TrainingProgress, optimizerState: OptimizerState? = nil,
        carry: [Float]? = nil, corpusSHA1: String?
    ) {
        self.model = model
        self.vocabulary = vocabulary
        self.textMode = textMode
        self.config = config
        self.params = params
        self.progress = progress
        self.optimizerState = optimizerState
        self.carry = carry
        self.corpusSHA1 = corpusSHA1
    }

    /// The optimiser's state record in the metadata.
    struct OptimizerRecord: Codable {
        var kind: OptimizerKind
        var updates: Int
    }

    // MARK: - Encoding

    /// A diverged run records infinite perplexities and NaN validation losses in
    /// its history; JSON has no such numbers, so they are written as strings.
    static let nonFiniteStrings = (positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")

    static func jsonEncoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let s = nonFiniteStrings
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: s.positiveInfinity, negativeInfinity: s.negativeInfinity, nan: s.nan)
        return e
    }

    static func jsonDecoder() -> JSONDecoder {
        let d = JSONDecoder()
        let s = nonFiniteStrings
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: s.positiveInfinity, negativeInfinity: s.negativeInfinity, nan: s.nan)
        return d
    }

    /// Whether every weight is a finite number (a diverged run's may not be).
    public var hasFiniteWeights: Bool {
        params.storage.allSatisfy(\.isFinite)
    }

    /// The file's bytes.
    public func encoded() -> Data {
        var tensors = model.layout.specs.enumerated().map { i, spec in
            StoredTensor(name: spec.name, shape: spec.shape, values: Array(params.storage[model.layout.range(i)]))
        }
        if let state = optimizerState {
            for (slotName, slot) in zip(state.kind.slotNames, state.slots) {
                for (i, spec) in model.layout.specs.enumerated() {
                    tensors.append(StoredTensor(name: "optimizer.\(slotName).\(spec.name)", shape: spec.shape, values: Array(slot.storage[model.layout.range(i)])))
                }
            }
        }
        if let carry {
            let width = NetworkWorkspace.stateWidth(model: model)
            tensors.append(StoredTensor(name: "carry", shape: [carry.count / width, width], values: carry))
        }
        let enc = Checkpoint.jsonEncoder()
        // Cannot fail: every value is a plain struct of strings, integers and
        // floats, and non-finite floats are spelled as strings.
        func json<T: Encodable>(_ v: T) -> String { (try? enc.encode(v)).map { String(decoding: $0, as: UTF8.self) } ?? "null" }
        var meta: [String: String] = [
            "format": Checkpoint.format,
            "vocab": json(vocabulary.tokens),
            "text_mode": textMode.rawValue,
            "model": json(model),
            "hyperparameters": json(config),
            "progress": json(progress),
            "optimizer": json(OptimizerRecord(kind: optimizerState?.kind ?? config.optimizer, updates: optimizerState?.updates ?? 0)),
            "data_sha1": Safetensors.dataSHA1(tensors),
        ]
        if let corpusSHA1 { meta["corpus_sha1"] = corpusSHA1 }
        meta["metadata_sha1"] = Checkpoint.metadataSHA1(meta)
        return Safetensors.encode(tensors: tensors, metadata: meta)
    }

    /// SHA-1 over the metadata entries except the two checksums, in key order.
    static func metadataSHA1(_ meta: [String: String]) -> String {
        var sha = SHA1()
        for key in meta.keys.sorted() where key != "metadata_sha1" && key != "data_sha1" {
            sha.update(Array("\(key)\u{0}\(meta[key]!)\u{0}".utf8))
        }
        return sha.hexDigest()
    }

    /// Saves atomically (see `AtomicFile`): a crash never leaves a half-written file.
    public func write(to url: URL) throws(CheckpointError) {
        try AtomicFile.write(encoded(), to: url)
    }

    // MARK: - Decoding

    /// Reads and fully validates a checkpoint; nothing is returned unless every
    /// check passes.
    public static func read(from url: URL) throws(CheckpointError) -> Checkpoint {
        AtomicFile.removeStaleTemporaries(for: url)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let reason = FileManager.default.fileExists(atPath: url.path) ? "\(error.localizedDescription)" : "no such file"
            throw .unreadable(path: url.path, reason: reason)
        }
        do {
            return try decode(data)
        } catch {
            throw .inFile(path: url.path, error)
        }
    }

    /// Parses and validates a checkpoint's bytes.
    public static func decode(_ data: Data) throws(CheckpointError) -> Checkpoint {
        let (tensors, meta) = try Safetensors.decode(data)
        guard let format = meta["format"] else { throw .badMetadata("no 'format' entry (not a charrnn checkpoint)") }
        guard format == Checkpoint.format else { throw .badMetadata("format '\(format)' is not \(Checkpoint.format)") }
        if let recorded = meta["data_sha1"] {
            let actual = Safetensors.dataSHA1(tensors)
            guard recorded == actual else { throw .checksumMismatch(expected: recorded, actual: actual) }
        } else {
            throw .badMetadata("no 'data_sha1' checksum")
        }
        let metaSum = metadataSHA1(meta)
        guard meta["metadata_sha1"] == metaSum else {
            throw .checksumMismatch(expected: meta["metadata_sha1"] ?? "nothing", actual: metaSum)
        }
        let dec = jsonDecoder()
        func field<T: Decodable>(_ key: String, _ type: T.Type) throws(CheckpointError) -> T {
            guard let text = meta[key] else { throw .badMetadata("no '\(key)' entry") }
            do { return try dec.decode(T.self, from: Data(text.utf8)) } catch { throw .badMetadata("'\(key)' cannot be decoded") }
        }
        let model = try field("model", ModelConfig.self)
        let tokens = try field("vocab", [String].self)
        let vocabulary: Vocabulary
        do { vocabulary = try Vocabulary(tokens: tokens) } catch { throw .badMetadata("\(error)") }
        // Before `model.layout`, whose sizes would overflow for an absurd H.
        guard vocabulary.count == model.vocabularySize, model.hidden > 0, model.hidden <= TrainingConfig.maxHidden, (1...TrainingConfig.maxLayers).contains(model.layers) else {
            throw .badMetadata("model \(model) does not fit a vocabulary of \(vocabulary.count)")
        }
        guard let textMode = TextMode(rawValue: meta["text_mode"] ?? "") else { throw .badMetadata("unknown text_mode") }
        let config = try field("hyperparameters", TrainingConfig.self)
        let progress = try field("progress", TrainingProgress.self)

        guard config.model(vocabularySize: vocabulary.count) == model else {
            throw .badMetadata("the hyperparameters do not describe the model \(model.summary)")
        }
        try checkConsistency(model: model, config: config, progress: progress)
        // Every shape is checked against the file's tensors before anything is
        // allocated, so no arena is ever larger than the data actually read.
        let byName = Dictionary(tensors.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        func find(prefix: String) throws(CheckpointError) -> [StoredTensor] {
            var found: [StoredTensor] = []
            for spec in model.layout.specs {
                guard let t = byName[prefix + spec.name] else { throw .missingTensor(prefix + spec.name) }
                guard t.shape == spec.shape else { throw .wrongShape(name: prefix + spec.name, expected: spec.shape, actual: t.shape) }
                found.append(t)
            }
            return found
        }
        let weights = try find(prefix: "")
        let record = meta["optimizer"] == nil ? OptimizerRecord(kind: config.optimizer, updates: 0) : try field("optimizer", OptimizerRecord.self)
        guard record.kind == config.optimizer else { throw .badMetadata("optimizer \(record.kind) does not match the hyperparameters") }
        guard (0...(1 << 53)).contains(record.updates) else { throw .badMetadata("the optimizer record is out of range") }
        var slotTensors: [[StoredTensor]] = []
        for name in record.kind.slotNames { slotTensors.append(try find(prefix: "optimizer.\(name).")) }
        var carry: [Float]?
        if config.partition == .sequential, let t = byName["carry"] {
            let shape = [config.batchSize, NetworkWorkspace.stateWidth(model: model)]
            guard t.shape == shape else { throw .wrongShape(name: "carry", expected: shape, actual: t.shape) }
            carry = t.values
        }
        func arena(_ found: [StoredTensor]) -> ParameterArena {
            var a = ParameterArena(layout: model.layout)
            for (spec, t) in zip(model.layout.specs, found) { a.setTensor(spec.name, t.values) }
            return a
        }
        let params = arena(weights)
        let slots = slotTensors.map(arena)
        return Checkpoint(
            model: model, vocabulary: vocabulary, textMode: textMode, config: config, params: params, progress: progress,
            optimizerState: OptimizerState(kind: record.kind, slots: slots, updates: record.updates), carry: carry,
            corpusSHA1: meta["corpus_sha1"])
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
