import CharRNN
import Foundation

/// Everything the TUI and the REPL work on: the training session, a sampler kept
/// in step with its weights, the sampling settings and the step-by-step state.
///
/// Used from one thread (the UI's); the session underneath trains on its own queue.
public final class Workbench {
    public private(set) var session: TrainingSession
    /// The corpus as loaded (for its location and SHA-1), when known.
    public let corpus: LoadedCorpus?
    public var sampling: SamplingSettings
    /// Seed of the sampling draws (`set seed`); re-applied by `resetSteps`.
    public var seed: UInt64 {
        didSet { sampler.reseed(seed) }
    }
    /// Where the model was last saved or loaded.
    public private(set) var checkpointURL: URL?
    /// What loading the checkpoint found worth telling (`LoadedCheckpoint.notes`).
    public private(set) var loadNotes: [String] = []

    /// The characters consumed by the step-by-step sampler so far (prefix + chosen).
    public private(set) var stepIDs: [Int] = []
    /// How many of `stepIDs` were typed (the rest were generated).
    public private(set) var stepPrefixCount = 0
    /// The last step's result.
    public private(set) var lastStep: StepResult?

    public private(set) var sampler: Sampler
    private var samplerVersion = -1
    /// The weights version the step sequence's state was computed with.
    private var stepVersion = -1

    public init(session: TrainingSession, corpus: LoadedCorpus?, sampling: SamplingSettings = .init(), seed: UInt64 = 0, checkpointURL: URL? = nil) {
        self.session = session
        self.corpus = corpus
        self.sampling = sampling
        self.seed = seed
        self.checkpointURL = checkpointURL
        let snap = session.snapshot()
        sampler = Sampler(params: snap.params, model: session.model, vocabulary: session.vocabulary, settings: sampling, seed: seed)
        samplerVersion = snap.paramsVersion
    }

    /// Opens a workbench: the corpus `locator` finds, and either a fresh model
    /// for `config` or the model in `checkpoint` (whose preprocessing decides
    /// how the corpus is read).
    public static func open(config: TrainingConfig, corpus locator: CorpusLocator, checkpoint: URL?, vocabularyPath: String? = nil) throws -> Workbench {
        let loaded = try checkpoint.map { url throws(CheckpointError) in
            try Checkpoint.load(from: url, options: .init(base: config, vocabularyPath: vocabularyPath, corpus: locator))
        }
        let ck = loaded?.checkpoint
        let corpus = try RunSetup.loadCorpus(mode: ck?.textMode ?? config.textMode, locator: locator)
        var config = config
        if let ck { config.epochs = max(config.epochs, ck.progress.epoch) }
        let trainer = try RunSetup.trainer(config: config, corpus: corpus, resume: ck)
        let session = TrainingSession(trainer: trainer, corpusSHA1: corpus.sha1, unsaved: ck == nil)
        let workbench = Workbench(session: session, corpus: corpus, checkpointURL: checkpoint)
        workbench.loadNotes = loaded?.notes ?? []
        return workbench
    }

    public var vocabulary: Vocabulary { session.vocabulary }
    public var model: ModelConfig { session.model }

    /// Loads the latest published weights into the sampler if they changed.
    /// Returns whether they did.
    @discardableResult
    public func syncWeights() -> Bool {
        let snap = session.snapshot()
        guard snap.paramsVersion != samplerVersion else { return false }
        sampler.load(snap.params)
        samplerVersion = snap.paramsVersion
        return true
    }

    // MARK: - Generation

    /// d2l's greedy `predict`: the prefix as typed, then `count` characters.
    public func predict(prefix: String, count: Int) -> (text: String, encoded: EncodedPrompt) {
        complete(prefix: prefix, count: count, settings: .greedy, seed: seed)
    }

    /// The prefix as typed, then `count` characters drawn with `settings` from `seed`.
    public func complete(prefix: String, count: Int, settings: SamplingSettings, seed: UInt64) -> (text: String, encoded: EncodedPrompt) {
        syncWeights()
        let encoded = vocabulary.encode(prefix)
        let saved = sampler.savedState()
        defer { sampler.restoreState(saved); sampler.reseed(self.seed); sampler.settings = sampling }
        sampler.reseed(seed)
        sampler.settings = settings
        sampler.reset()
        sampler.feed(encoded.ids)
        let generated = vocabulary.decode(sampler.generate(count))
        return (prefix + generated, encoded)
    }

    // MARK: - Step by step

    /// Starts a new step sequence on `prefix` (warming the state up on it).
    public func startSteps(prefix: String) -> EncodedPrompt {
        syncWeights()
        let encoded = vocabulary.encode(prefix)
        sampler.reset()
        sampler.reseed(seed)
        sampler.feed(encoded.ids)
        stepVersion = samplerVersion
        stepIDs = encoded.ids
        stepPrefixCount = encoded.ids.count
        lastStep = nil
        return encoded
    }

    /// Advances one character with the current settings. Nil when there is no
    /// prefix to continue from (call `startSteps` first).
    public func step() -> StepResult? {
        guard !stepIDs.isEmpty else { return nil }
        syncWeights()
        sampler.settings = sampling
        if stepVersion != samplerVersion || sampler.consumed != stepIDs.count {
            // New weights (loaded here or by another call), or the sampler was used
            // meanwhile: rebuild the state from the text.
            sampler.reset()
            sampler.feed(stepIDs)
            stepVersion = samplerVersion
        }
        let r = sampler.step()
        stepIDs.append(r.chosen)
        lastStep = r
        return r
    }

    /// Forgets the step sequence and restarts the sampling draws from `seed`.
    public func resetSteps() {
        stepIDs = []
        stepPrefixCount = 0
        lastStep = nil
        sampler.reset()
        sampler.reseed(seed)
    }

    /// The step sequence's text.
    public var stepText: String { vocabulary.decode(stepIDs) }

    // MARK: - Inspection

    /// The hidden states for `text` from h₀ = 0, with the current weights.
    public func trace(_ text: String) -> HiddenTrace {
        syncWeights()
        return sampler.trace(vocabulary.encode(text).ids)
    }

    // MARK: - Saving and loading

    /// Saves a checkpoint atomically (while training, between two minibatches).
    public func save(to url: URL) throws {
        try session.save(to: url)
        checkpointURL = url
    }

    /// Replaces the model with a checkpoint's; training must not be active.
    ///
    /// The checkpoint must fit the corpus (same preprocessing and vocabulary);
    /// a weights-only file without a vocabulary takes the corpus's.
    public func load(from url: URL) throws {
        guard !session.isActive else { throw WorkbenchError.busy("stop training (pause is not enough) before loading") }
        guard let corpus else { throw WorkbenchError.busy("no corpus is loaded") }
        let vocabulary = corpus.corpus.vocabulary
        let loaded = try Checkpoint.load(from: url, options: .init(base: session.config, corpusVocabulary: { _ in vocabulary }))
        let ck = loaded.checkpoint
        loadNotes = loaded.notes
        let trainer = try RunSetup.trainer(config: ck.config, corpus: corpus, resume: ck)
        session = TrainingSession(trainer: trainer, corpusSHA1: corpus.sha1, unsaved: false)
        sampler = Sampler(params: ck.params, model: ck.model, vocabulary: ck.vocabulary, settings: sampling, seed: seed)
        samplerVersion = session.snapshot().paramsVersion
        checkpointURL = url
        resetSteps()
    }
}

/// Why a workbench action cannot be done now.
public enum WorkbenchError: Error, CustomStringConvertible {
    case busy(String)

    public var description: String {
        switch self {
        case .busy(let why): why
        }
    }
}
