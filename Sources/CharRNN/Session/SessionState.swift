import Foundation

/// The step-by-step sampler's sequence: a typed prefix and the characters chosen after it.
public struct StepSequence: Hashable, Sendable {
    /// The prefix as typed.
    public var prefix: String
    /// The prefix's ids, then the chosen ones.
    public var ids: [Int]
    /// How many of `ids` are the prefix's.
    public var prefixCount: Int
    /// The last step taken, if any since the prefix.
    public var last: StepResult?

    public static let empty = StepSequence(prefix: "", ids: [], prefixCount: 0, last: nil)

    /// The ids chosen after the prefix.
    public var generated: ArraySlice<Int> { ids.dropFirst(prefixCount) }
}

/// The hidden states of the step sequence's text (the probe), with the
/// weights version they were computed with.
public struct Probe: Hashable, Sendable {
    public var trace: HiddenTrace
    /// The `TrainingSnapshot.paramsVersion` of the weights traced.
    public var paramsVersion: Int
    /// The `SessionState.modelVersion` of the model traced.
    public var modelVersion: Int
}

/// A command still running, as views show it ("eval running…").
public struct RunningCommand: Hashable, Sendable {
    public var ticket: Ticket
    /// `eval`, `save`, `load`, `generate`, `step`, `stop`, `pause`.
    public var name: String
    /// Whether `Session.cancel` can end it early.
    public var cancellable: Bool
}

/// Everything a view shows of a session, at one moment: a copy, so reading
/// it never waits for the session's work.
public struct SessionState: Sendable {
    /// The training run.
    public var training: TrainingSnapshot
    public var model: ModelConfig
    public var config: TrainingConfig
    public var vocabulary: Vocabulary
    /// How often each vocabulary entry occurs in the corpus.
    public var frequencies: [Int]
    /// The corpus as loaded, when known.
    public var corpus: LoadedCorpus?
    /// Increases whenever `load` replaces the model.
    public var modelVersion: Int
    /// Where the model was last saved or loaded.
    public var checkpointURL: URL?
    /// The settings of `step` and of `generate` without settings.
    public var sampling: SamplingSettings
    /// The seed the step draws restart from.
    public var seed: UInt64
    public var steps: StepSequence
    /// The hidden states of `steps.ids`, kept current as the weights change; nil without a sequence.
    public var probe: Probe?
    /// Commands sent but not finished, oldest first.
    public var running: [RunningCommand]

    /// The samples training took (`--sample-every`), oldest first: one per
    /// epoch record of `training.history` that has one.
    public var samples: [TrainingSample] {
        training.history.compactMap { m in m.sample.map { TrainingSample(epoch: m.epoch, step: m.step, text: $0) } }
    }

    /// Whether a run is in progress (running or paused).
    public var isTraining: Bool { training.state == .running || training.state == .paused }
}
