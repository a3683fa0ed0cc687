/// Something the trainer reports to its listeners, on the training thread.
public enum TrainingEvent: Sendable {
    case step(StepReport)
    case epoch(EpochMetrics)
    /// A step whose loss or gradient was NaN or infinite; its update was skipped.
    case nonFinite(step: Int, streak: Int, message: String)
    case paused
    case resumed
    case learningRateChanged(Float)
    case clipChanged(Float)
    case finished(StopReason)
}

/// Why `Trainer.run` returned.
public enum StopReason: Hashable, Sendable {
    /// The requested number of epochs is done.
    case completed
    /// A `.stop` (or `.close`) command arrived.
    case stopped
    /// Too many consecutive non-finite steps; the weights are the last good ones.
    case halted(String)
}
