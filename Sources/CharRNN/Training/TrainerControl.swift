import Foundation

/// A request to a trainer, sent from any thread to its one mailbox.
///
/// During a run the trainer obeys between minibatches (and at once while
/// paused). `serve()` obeys outside runs too: `train` starts one, `close`
/// ends the serving thread; pause, resume and stop then mean nothing.
public enum TrainerCommand: Sendable {
    /// Train until `toEpoch` epochs are complete; with `paused`, wait for `resume` before the first minibatch.
    case train(toEpoch: Int, paused: Bool)
    case pause
    case resume
    /// Finish the current minibatch, then end the run.
    case stop
    case setLearningRate(Float)
    case setClip(Float)
    /// Reply with a checkpoint of the state between two minibatches (or now, when paused or idle).
    case checkpoint(corpusSHA1: String?, reply: @Sendable (Checkpoint) -> Void)
    /// Reply with histograms of `bins` bins of every tensor's weights and last
    /// gradient, with the norms per epoch, taken as `checkpoint` is.
    case histograms(bins: Int, reply: @Sendable (TensorHistograms) -> Void)
    /// End a run in progress as `stop` does, then return from `serve()`.
    case close
}

/// The trainer's mailbox: any thread posts, the training thread takes.
///
/// Posting never blocks on the trainer. The training thread takes what is
/// there between minibatches, and blocks on a condition (no timer) while it
/// has nothing to do: paused, or idle in `serve()`.
public final class TrainerControl: @unchecked Sendable {
    private let condition = NSCondition()
    private var inbox: [TrainerCommand] = []

    public init() {}

    public func send(_ command: TrainerCommand) {
        condition.lock()
        inbox.append(command)
        condition.signal()
        condition.unlock()
    }

    /// Every pending command, oldest first; blocks until there is one when `wait`.
    func take(wait: Bool) -> [TrainerCommand] {
        condition.lock()
        defer { condition.unlock() }
        while wait && inbox.isEmpty { condition.wait() }
        defer { inbox.removeAll() }
        return inbox
    }

    /// The oldest pending command, waiting for one; the rest stay for the run it may start.
    func next() -> TrainerCommand {
        condition.lock()
        defer { condition.unlock() }
        while inbox.isEmpty { condition.wait() }
        return inbox.removeFirst()
    }
}
