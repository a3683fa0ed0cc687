import Synchronization

/// A request to a running trainer, sent from any thread.
public enum TrainingCommand: Hashable, Sendable {
    case pause
    case resume
    /// Finish the current minibatch, then return from `run`.
    case stop
    case setLearningRate(Float)
    case setClip(Float)
}

/// The trainer's inbox: other threads post commands, the training thread takes
/// them between minibatches. Never blocks the poster.
public final class TrainerControl: Sendable {
    private let inbox = Mutex<[TrainingCommand]>([])

    public init() {}

    public func send(_ command: TrainingCommand) {
        inbox.withLock { $0.append(command) }
    }

    /// Removes and returns every pending command, oldest first.
    func take() -> [TrainingCommand] {
        inbox.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
    }
}

/// Something the trainer reports to its listeners, on the training thread.
public enum TrainingEvent: Sendable {
    case step(StepReport)
    case epoch(EpochMetrics)
    /// A step whose loss or gradient was NaN or infinite; its update was skipped.
    case nonFinite(step: Int, streak: Int, message: String)
    case paused
    case resumed
    /// Sent about every 20 ms while paused: a gap between minibatches in which
    /// listeners may read the trainer (e.g. to take a checkpoint).
    case pausedTick
    case learningRateChanged(Float)
    case clipChanged(Float)
    case finished(StopReason)
}

/// Why `Trainer.run` returned.
public enum StopReason: Hashable, Sendable {
    /// The requested number of epochs is done.
    case completed
    /// A `.stop` command arrived.
    case stopped
    /// Too many consecutive non-finite steps; the weights are the last good ones.
    case halted(String)
}
