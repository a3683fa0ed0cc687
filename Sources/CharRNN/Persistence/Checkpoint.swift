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

    static func jsonEncoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    static func jsonDecoder() -> JSONDecoder {
        JSONDecoder()
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
        func json<T: Encodable>(_ v: T) -> String { String(decoding: try! enc.encode(v), as: UTF8.self) }
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
        guard vocabulary.count == model.vocabularySize, model.hidden > 0 else {
            throw .badMetadata("model \(model) does not fit a vocabulary of \(vocabulary.count)")
        }
        guard let textMode = TextMode(rawValue: meta["text_mode"] ?? "") else { throw .badMetadata("unknown text_mode") }
        let config = try field("hyperparameters", TrainingConfig.self)
        let progress = try field("progress", TrainingProgress.self)

        guard config.model(vocabularySize: vocabulary.count) == model else {
            throw .badMetadata("the hyperparameters do not describe the model \(model.summary)")
        }
        let byName = Dictionary(tensors.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        func arena(prefix: String) throws(CheckpointError) -> ParameterArena {
            var arena = ParameterArena(layout: model.layout)
            for spec in model.layout.specs {
                guard let t = byName[prefix + spec.name] else { throw .missingTensor(prefix + spec.name) }
                guard t.shape == spec.shape else { throw .wrongShape(name: prefix + spec.name, expected: spec.shape, actual: t.shape) }
                arena.setTensor(spec.name, t.values)
            }
            return arena
        }
        let params = try arena(prefix: "")
        let record = meta["optimizer"] == nil ? OptimizerRecord(kind: config.optimizer, updates: 0) : try field("optimizer", OptimizerRecord.self)
        guard record.kind == config.optimizer else { throw .badMetadata("optimizer \(record.kind) does not match the hyperparameters") }
        var slots: [ParameterArena] = []
        for name in record.kind.slotNames { slots.append(try arena(prefix: "optimizer.\(name).")) }
        var carry: [Float]?
        if config.partition == .sequential {
            let shape = [config.batchSize, NetworkWorkspace.stateWidth(model: model)]
            if let t = byName["carry"] {
                guard t.shape == shape else { throw .wrongShape(name: "carry", expected: shape, actual: t.shape) }
                carry = t.values
            }
        }
        return Checkpoint(
            model: model, vocabulary: vocabulary, textMode: textMode, config: config, params: params, progress: progress,
            optimizerState: OptimizerState(kind: record.kind, slots: slots, updates: record.updates), carry: carry,
            corpusSHA1: meta["corpus_sha1"])
    }
}
