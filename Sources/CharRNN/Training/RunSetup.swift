import Foundation

/// A corpus found, read, checked and tokenised.
public struct LoadedCorpus: Sendable {
    public let corpus: Corpus
    public let located: LocatedCorpus
    /// SHA-1 of the file's bytes.
    public let sha1: String

    public init(corpus: Corpus, located: LocatedCorpus, sha1: String) {
        self.corpus = corpus
        self.located = located
        self.sha1 = sha1
    }
}

/// The steps every front end takes before training or sampling: find and load
/// the corpus, build or resume a trainer, and make a checkpoint of it.
public enum RunSetup {
    /// Finds the corpus (see `CorpusLocator`), reads it as UTF-8 and tokenises it
    /// in chunks (`CorpusLoader`); `progress` gets the fraction read.
    ///
    /// Throws `CorpusError` for a missing, unreadable, empty or non-UTF-8
    /// file, or a built-in copy whose SHA-1 is not the Time Machine's, and
    /// `BundledAssetError` when the built-in copy is missing.
    public static func loadCorpus(mode: TextMode, locator: CorpusLocator,
                                  progress: ((Double) -> Void)? = nil) throws -> LoadedCorpus {
        let located = try locator.locate()
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: located.url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CorpusError.isDirectory(path: located.url.path, source: nil)
        }
        let (corpus, sha1) = try CorpusLoader.load(url: located.url, mode: mode, progress: progress)
        if located.isDefaultTimeMachine, sha1 != CorpusLocator.timeMachineSHA1 {
            throw CorpusError.checksumMismatch(path: located.url.path, expected: CorpusLocator.timeMachineSHA1, actual: sha1)
        }
        return LoadedCorpus(corpus: corpus, located: located, sha1: sha1)
    }

    /// A trainer for `config` on `corpus`: fresh, or continuing `resume`.
    ///
    /// When resuming, the checkpoint's settings define the run — model, data,
    /// optimiser, and the learning rate and clip it was saved with — and only
    /// `config.epochs`, `config.threads` and the samples' settings are taken from the caller (change the
    /// learning rate or clip with the trainer's commands). Throws when the
    /// checkpoint's vocabulary or preprocessing differ from the corpus's.
    public static func trainer(config: TrainingConfig, corpus: LoadedCorpus, resume: Checkpoint? = nil) throws -> Trainer {
        guard let ck = resume else { return try Trainer(config: config, corpus: corpus.corpus) }
        guard ck.textMode == corpus.corpus.mode else {
            throw CheckpointError.vocabularyMismatch("the checkpoint uses --text \(ck.textMode.rawValue), the run --text \(corpus.corpus.mode.rawValue)")
        }
        guard ck.vocabulary == corpus.corpus.vocabulary else {
            throw CheckpointError.vocabularyMismatch(
                "the checkpoint has \(ck.vocabulary.count) tokens, the corpus \(corpus.corpus.vocabulary.count)"
                    + (ck.vocabulary.count == corpus.corpus.vocabulary.count ? " with different characters" : ""))
        }
        var merged = ck.config
        merged.epochs = config.epochs
        merged.threads = config.threads
        merged.sampleEvery = config.sampleEvery
        merged.samplePrefix = config.samplePrefix
        return try Trainer(config: merged, corpus: corpus.corpus, params: ck.params, progress: ck.progress,
                           optimizerState: ck.optimizerState, carry: ck.carry)
    }

    /// A checkpoint of the trainer's current state.
    public static func checkpoint(of trainer: Trainer, corpusSHA1: String?) -> Checkpoint {
        var config = trainer.config
        config.learningRate = trainer.learningRate
        config.clip = trainer.clip
        return Checkpoint(
            model: trainer.model, vocabulary: trainer.corpus.vocabulary, textMode: trainer.corpus.mode,
            config: config, params: trainer.params, progress: trainer.progress, optimizerState: trainer.optimizerState,
            carry: trainer.carry, corpusSHA1: corpusSHA1)
    }
}
