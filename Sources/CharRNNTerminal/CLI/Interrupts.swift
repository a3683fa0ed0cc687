import CharRNN
import Foundation
import TerminalKit

/// The one rule every front end follows when told to stop (SIGINT, SIGTERM,
/// SIGHUP): the current minibatch finishes and the weights are saved — to
/// `--save` when given, else, when anything was trained since the last save,
/// to a new emergency file (`EmergencyFile`) — the path is the last line on
/// standard error, and the exit status is 128 + the signal.
public enum Interrupts {
    /// Watches the termination signals from now on, and lets the engine's
    /// long loops (`Interruption`) see them.
    public static func watch() {
        SignalWatcher.install(.termination)
        Interruption.install { SignalWatcher.hasTermination }
    }

    /// The exit status for the termination signals received so far (130 when none is known).
    public static var status: Int32 { SignalWatcher.peekSignals().exitStatus ?? 130 }

    /// Stops `session`'s run after its minibatch and saves by the rule above,
    /// saying where on standard error. Returns `status`, or 1 when a save failed
    /// (after saying where the weights went instead, if anywhere).
    public static func rescue(_ session: Session, explicit: URL?, status: Int32) -> Int32 {
        if session.state().training.state == .running || session.state().training.state == .paused {
            _ = session.perform(.stop)
        }
        let training = session.state().training
        guard training.unsaved else {
            writeStderr("charrnn: interrupted; nothing trained since the last save\n")
            return status
        }
        let outcome = EmergencyFile.save(to: explicit) { url in
            if case .failed(let message) = session.perform(.save(url)) { throw EmergencyFile.Failure(description: message) }
        }
        let place = "epoch \(training.epoch)" + (training.batchInEpoch > 0 ? " + \(training.batchInEpoch) batches" : "")
        if let failure = outcome.failure {
            writeStderr("charrnn: error: \(failure)\n")
            return 1
        }
        writeStderr("charrnn: interrupted at \(place); saved '\(outcome.url?.path ?? "")'\n")
        return status
    }
}

extension SignalWatcher {
    /// Whether SIGINT, SIGTERM or SIGHUP arrived (left pending).
    public static var hasTermination: Bool { !peekSignals().isDisjoint(with: .termination) }
}
