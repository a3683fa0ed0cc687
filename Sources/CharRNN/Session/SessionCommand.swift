import Foundation

/// What a view asks of a `Session`. Each is carried out off the caller's
/// thread; its outcome comes back as a `SessionEvent.replied` with the
/// command's ticket, and any change to the state as `SessionEvent.changed`.
public enum SessionCommand: Sendable {
    // MARK: Training

    /// Start a run up to `toEpoch` completed epochs (paused before its first
    /// minibatch when `paused`; done at once when the model is there already).
    /// Replies `.trainingStarted`, or fails when a run is active.
    case train(toEpoch: Int, paused: Bool = false)
    /// Replies `.done` once the run has paused (at once when it already is); fails when idle.
    case pause
    /// Replies `.done` once sent; fails when idle.
    case resume
    /// End the run after its minibatch; replies `.done` once it has ended. Fails when idle.
    case stop
    /// Replies `.done` when the active run ends, at once when there is none.
    case waitForRun
    case setLearningRate(Float)
    case setClip(Float)
    /// The validation loss of the latest published weights: `.evaluated`. Cancellable.
    case evaluate

    // MARK: Sampling

    /// Settings of `step` (and of `generate` when it gives none).
    case setSampling(SamplingSettings)
    /// Restart the draws of `step` from `seed`.
    case setSeed(UInt64)
    /// `prefix`, then `count` characters drawn with `settings` (the session's
    /// when nil) from `seed` (the session's when nil), from a zero state:
    /// `.generated`. The step sequence is left alone. Cancellable.
    case generate(prefix: String, count: Int, settings: SamplingSettings?, seed: UInt64?)
    /// Start the step sequence (also the probe) on `prefix`, from the seed: `.stepped(nil)`.
    case startSteps(prefix: String)
    /// `count` more steps of the sequence: `.stepped(last)`; fails without a sequence. Cancellable.
    case step(count: Int)
    /// Forget the step sequence and restart its draws from the seed.
    case resetSteps
    /// The states of every layer over `text` from a zero state: `.traced`.
    case trace(String)

    // MARK: Interpretation
    // Each reads the latest published weights (so it follows a run in
    // progress when sent again), runs on a queue of its own, and names the
    // weights it used in its reply (`WeightsStamp`). `state` nil means the top
    // layer's hidden state, `StateID.top(of:)`.

    /// The value of `unit` of `state` after every step of `text`, run from a
    /// zero state as one sequence: `.activations`. Fails for a unit or state
    /// the model lacks, or an empty text. Cancellable.
    case activations(unit: Int, state: StateID?, text: AnalysisText)
    /// Every unit of every state, ranked by |Pearson r| between its value and
    /// `feature` at each step of `text`: `.units`. Fails for a raw-text feature
    /// on letters-mode text, or a feature constant over the text. Cancellable.
    case units(feature: TextFeature, text: AnalysisText)
    /// ∂ log p(next | prefix) / ∂ x_t[id_t] for each prefix token by
    /// backpropagation through time; `next` (one vocabulary token) nil: the
    /// most likely token: `.saliency`.
    case saliency(prefix: String, next: String?)
    /// LSTMVis's match: the units of `state` above `threshold` at every step
    /// `from`…`to` (0-based, inclusive) of the probe text (`SessionState.steps`),
    /// and the spans of the corpus, run as one sequence, where they all are on
    /// at every step for at least as many steps; the best `limit`: `.matches`.
    /// Fails without a probe text or when no unit is on throughout. Cancellable.
    case match(from: Int, to: Int, threshold: Float, state: StateID?, limit: Int)
    /// Every tensor's weights and last gradient as histograms of `bins` bins,
    /// with the norms per epoch, taken between two minibatches: `.histograms`.
    case histograms(bins: Int)
    /// Writes `trace` as a standalone HTML page (no network; the text coloured
    /// by value, the value on hover) to `url`, which must be new or a page this
    /// command wrote: `.written`.
    case writeActivationPage(ActivationTrace, to: URL)

    // MARK: Files

    /// Write a checkpoint (while training, taken between two minibatches): `.saved`.
    case save(URL)
    /// Replace the model by a checkpoint's (no run may be active): `.loaded`.
    case load(URL)
}

/// The outcome of a `SessionCommand`.
public enum SessionReply: Sendable {
    case done
    case trainingStarted(toEpoch: Int)
    /// Validation loss of the weights at `epoch`, `step`; `whileTraining` when a run was active.
    case evaluated(loss: Double, epoch: Int, step: Int, whileTraining: Bool)
    /// The prefix as typed and the characters drawn after it.
    case generated(text: String, encoded: EncodedPrompt)
    /// The step sequence's last step, nil after `startSteps`.
    case stepped(StepResult?)
    case traced(HiddenTrace, encoded: EncodedPrompt)
    case activations(ActivationTrace)
    case units(UnitRanking)
    case saliency(Saliency)
    case matches(PatternSearch)
    case histograms(TensorHistograms)
    /// A file written (`writeActivationPage`).
    case written(URL)
    case saved(URL, epoch: Int, step: Int)
    /// The file, and the loader's notes on it (converted dtypes, a missing vocabulary, …).
    case loaded(URL, notes: [String])
    /// One line saying why the command could not be done.
    case failed(String)
    /// `Session.cancel` stopped the command before it finished.
    case cancelled
}

extension SessionCommand {
    /// The command's name as views show it running: `eval`, `save`, …
    public var name: String {
        switch self {
        case .train: "train"
        case .pause: "pause"
        case .resume: "resume"
        case .stop: "stop"
        case .waitForRun: "train"
        case .setLearningRate, .setClip, .setSampling, .setSeed: "set"
        case .evaluate: "eval"
        case .generate, .step: "generate"
        case .startSteps, .resetSteps: "step"
        case .trace: "trace"
        case .activations, .writeActivationPage: "activations"
        case .units: "units"
        case .saliency: "saliency"
        case .match: "match"
        case .histograms: "histograms"
        case .save: "save"
        case .load: "load"
        }
    }

    /// Whether `Session.cancel` can end it early.
    public var isCancellable: Bool {
        switch self {
        case .evaluate, .generate, .step, .activations, .units, .match: true
        default: false
        }
    }
}
