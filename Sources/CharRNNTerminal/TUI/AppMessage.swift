import CharRNN
import Foundation
import TerminalKit

/// Something that happened, handed to `AppUpdate.update`: a key, a new engine
/// snapshot, a resize, or the outcome of an effect.
public enum AppMessage: Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    case snapshot(TrainingSnapshot)
    /// The model was replaced (e.g. by a `:load` command).
    case modelChanged(ModelInfo)
    /// The probe text's hidden states, computed for the ids and weights they name.
    case traced(ProbeTrace)
    /// Steps were taken: the ids generated after the prefix and the last step's result.
    case stepped(generated: [Int], last: StepResult?)
    /// A checkpoint was written; the program leaves when `thenQuit`.
    case saved(URL, thenQuit: Bool)
    /// The sampling settings were changed outside the TUI's keys (by a command).
    case samplingChanged(SamplingSettings)
    /// Another run's curves were loaded for comparison.
    case compared(ComparedRun)
    case failed(String)
    case commandFinished(command: String, result: CommandResult)
    /// A frame was drawn in these times.
    case frameDrawn(renderMilliseconds: Double, flushMilliseconds: Double)
}

/// Something the update asks the outside world to do; the outcome, if any,
/// comes back as an `AppMessage`.
public enum AppEffect: Hashable, Sendable {
    case startTraining
    case pauseTraining
    case resumeTraining
    /// Save a checkpoint, then quit when `thenQuit`.
    case save(thenQuit: Bool)
    /// Take `count` more steps after `prefix` and the ids already `generated`
    /// after it, with `settings`.
    case step(prefix: String, generated: [Int], count: Int, settings: SamplingSettings)
    /// Forget the generated characters.
    case resetSteps
    case runCommand(String)
    /// Load another run's curves (metrics file or checkpoint) for comparison.
    case loadComparison(URL)
    /// Repaint the whole screen (Ctrl-L).
    case redraw
    /// Stop training and leave.
    case quit
}
