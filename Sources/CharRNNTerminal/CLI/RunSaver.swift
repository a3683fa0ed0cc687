import CharRNN
import Foundation

/// Writes a run's checkpoints and remembers the last good state.
///
/// A state is good when every weight is finite and the model gives a finite
/// loss with it: the validation loss at an epoch end (or, without validation
/// windows, the last step's loss). The state at the start of the run and at
/// every good epoch end is remembered; a halted run saves the last of them,
/// and no save ever replaces a checkpoint with a state that is not good.
public final class RunSaver {
    public struct Saved {
        public var url: URL
        public var checkpoint: Checkpoint
    }

    public let url: URL?
    public let trainer: Trainer
    let corpusSHA1: String
    let totalEpochs: Int
    let quiet: Bool
    /// The state the run started from.
    public let start: Checkpoint
    public private(set) var lastGood: Checkpoint?
    /// A periodic save that failed; the run is stopped and this is reported.
    public private(set) var failure: Error?

    public init(url: URL?, trainer: Trainer, corpusSHA1: String, totalEpochs: Int, quiet: Bool) {
        self.url = url
        self.trainer = trainer
        self.corpusSHA1 = corpusSHA1
        self.totalEpochs = totalEpochs
        self.quiet = quiet
        start = RunSetup.checkpoint(of: trainer, corpusSHA1: corpusSHA1)
        lastGood = start.hasFiniteWeights ? start : nil
    }

    private func current() -> Checkpoint { RunSetup.checkpoint(of: trainer, corpusSHA1: corpusSHA1) }

    public func epochEnded(_ m: EpochMetrics, periodic: Bool) {
        let ck = current()
        let good = ck.hasFiniteWeights && (m.valLoss.map(\.isFinite) ?? (ck.progress.nonFiniteStreak == 0))
        if good { lastGood = ck }
        guard periodic, failure == nil, let url else { return }
        guard good else {
            warn("warning: not saving epoch \(m.epoch): its weights or losses are not finite; '\(url.path)' keeps the last good checkpoint")
            return
        }
        do {
            try write(ck, to: url)
        } catch {
            failure = error
            trainer.control.send(.stop)
        }
    }

    /// A save that failed, and where the weights went instead (one line).
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Saves the state at the end of the run: the current one if it is good,
    /// else the last good one. An interrupted run that has not trained since
    /// it started saves nothing. Without a `url`, saves only when `rescue`
    /// (a signal or a broken output), to a new emergency file.
    @discardableResult
    public func saveFinal(interrupted: Bool, rescue: Bool = false) throws -> Saved? {
        guard url != nil || rescue else { return nil }
        let now = current()
        let nowIsLastGood = lastGood.map { $0.progress.step == now.progress.step && $0.progress.epoch == now.progress.epoch } ?? false
        let midEpochGood = now.progress.batchInEpoch > 0 && now.hasFiniteWeights && now.progress.nonFiniteStreak == 0
        var chosen = now
        if !nowIsLastGood && !midEpochGood {
            guard let lastGood else {
                warn("warning: the weights or losses are not finite and no earlier state was good; nothing saved")
                return nil
            }
            warn("warning: the weights or losses are not finite; saving the last good state (epoch \(lastGood.progress.epoch)) instead")
            chosen = lastGood
        }
        if interrupted && chosen.progress.step == start.progress.step { return nil }
        return Saved(url: try write(chosen, to: url), checkpoint: chosen)
    }

    /// After a halt: saves the last good state, unless it is the state the run
    /// started from (which is already wherever it came from).
    public func saveLastGood() throws -> Saved? {
        guard let url, let lastGood, lastGood.progress.step != start.progress.step else { return nil }
        try write(lastGood, to: url)
        return Saved(url: url, checkpoint: lastGood)
    }

    /// Writes `ck` to `url` (a new emergency file when nil); when that fails,
    /// to a new emergency file elsewhere, and throws a `Failure` naming it.
    @discardableResult
    private func write(_ ck: Checkpoint, to url: URL?) throws -> URL {
        let outcome = EmergencyFile.save(to: url) { try ck.write(to: $0) }
        guard case .saved(let saved) = outcome else { throw Failure(description: outcome.failure ?? "not saved") }
        let p = ck.progress
        let place = p.batchInEpoch == 0 ? "epoch \(p.epoch)/\(totalEpochs)"
            : "epoch \(p.epoch)/\(totalEpochs) + \(p.batchInEpoch)/\(trainer.batchesPerEpoch) batches"
        if !quiet { writeStderr("saved '\(saved.path)' (\(place))\n") }
        return saved
    }

    private func warn(_ line: String) {
        writeStderr(line + "\n")
    }
}
