import Foundation

/// A saved model with everything needed to sample from it and to continue its
/// training exactly: weights, vocabulary, preprocessing, hyperparameters and progress.
///
/// On disk it is a safetensors file (see `Safetensors`) with the model's tensors
/// under d2l's names (`ModelConfig.layout`: W_xh, W_hh, b_h, W_hq, b_q for d2l's
/// RNN), the optimiser's state as `optimizer.SLOT.NAME` (momentum's `velocity`,
/// Adam's `m` and `v`), the sequential partition's carried state as `carry`, and
/// charrnn's `__metadata__` strings, all under the `charrnn.` prefix: `version`
/// (2), `vocab` (JSON array of tokens in index order), `text_mode`, `model`,
/// `hyperparameters`, `progress` and `optimizer` (JSON), `corpus_sha1`, and the
/// checksums of `CheckpointIntegrity`, so any flipped bit is detected. Other
/// keys — `format` (the framework, in the safetensors ecosystem) among them —
/// are left to other tools. `Checkpoint.load` also reads weights-only files
/// (d2l's or PyTorch's names) and the first format (`format: charrnn/1`).
public struct Checkpoint: Sendable {
    /// `charrnn.version` of the files this build writes.
    public static let version = 2
    /// `format` of the first version's files, which had no `charrnn.` prefix.
    public static let legacyFormat = "charrnn/1"

    public var model: ModelConfig
    public var vocabulary: Vocabulary
    public var textMode: TextMode
    public var config: TrainingConfig
    public var params: ParameterArena
    public var progress: TrainingProgress
    /// The optimiser's slots and update count (a fresh optimiser when absent).
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

    /// `value` as compact JSON. Cannot fail for the plain structs of strings,
    /// integers and floats stored here (non-finite floats are spelled as strings).
    static func json<T: Encodable>(_ value: T) -> String {
        (try? jsonEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    /// Whether every weight is a finite number (a diverged run's may not be).
    public var hasFiniteWeights: Bool {
        params.storage.allSatisfy(\.isFinite)
    }

    /// The model's tensors under d2l's names, in layout order.
    public var weightTensors: [StoredTensor] {
        model.layout.specs.enumerated().map { i, spec in
            StoredTensor(name: spec.name, shape: spec.shape, values: Array(params.storage[model.layout.range(i)]))
        }
    }

    /// The file's bytes.
    public func encoded() -> Data {
        var tensors = weightTensors
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
        let keys = MetadataKeys.current
        var meta = identityMetadata
        meta[keys.model] = Checkpoint.json(model)
        meta[keys.hyperparameters] = Checkpoint.json(config)
        meta[keys.progress] = Checkpoint.json(progress)
        meta[keys.optimizer] = Checkpoint.json(OptimizerRecord(kind: optimizerState?.kind ?? config.optimizer, updates: optimizerState?.updates ?? 0))
        if let corpusSHA1 { meta[keys.corpusSHA1] = corpusSHA1 }
        return Safetensors.encode(tensors: tensors, metadata: CheckpointIntegrity.sealed(meta, tensors: tensors))
    }

    /// `charrnn.version`, `charrnn.vocab` and `charrnn.text_mode`: what every file charrnn writes carries.
    var identityMetadata: [String: String] {
        let keys = MetadataKeys.current
        return [keys.version: String(Checkpoint.version), keys.vocab: Checkpoint.json(vocabulary.tokens), keys.textMode: textMode.rawValue]
    }

    /// Saves atomically (see `AtomicFile`): a crash never leaves a half-written file.
    public func write(to url: URL) throws(CheckpointError) {
        try AtomicFile.write(encoded(), to: url)
    }
}
