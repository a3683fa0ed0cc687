import CharRNN
import Foundation
import TerminalKit

/// Something that happened, handed to `AppUpdate.update`: a key, the
/// session's new state, a resize, or the outcome of an effect.
public enum AppMessage: Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// The session as it is now (after a `SessionEvent.changed`).
    case session(SessionState)
    /// A command the TUI sent is running: `line` as shown, cancellable with Esc when `cancellable`.
    case commandStarted(line: String, ticket: Ticket, cancellable: Bool)
    /// A checkpoint was written; the program leaves when `thenQuit`.
    case saved(URL, thenQuit: Bool)
    /// Another run's curves were loaded for comparison.
    case compared(ComparedRun)
    case failed(String)
    /// Tab's candidates for the word before the cursor on the command line.
    case completions([String])
    case commandFinished(command: String, result: CommandResult)
    /// Open the analysis view for this request (a `:` command of a view's name).
    case openAnalysis(AnalysisRequest)
    /// The session's answer to a view's request.
    case analysed(AnalysisRequest, Result<AnalysisResult, AnalysisFailure>)
    /// A frame was drawn in these times.
    case frameDrawn(renderMilliseconds: Double, flushMilliseconds: Double)
    /// No key is waiting: a long prompt edited meanwhile is synchronised now.
    case promptIdle
}

/// Something the update asks the outside world to do; the outcome, if any,
/// comes back as an `AppMessage`.
public enum AppEffect: Hashable, Sendable {
    case startTraining
    case pauseTraining
    case resumeTraining
    /// Save a checkpoint, then quit when `thenQuit`.
    case save(thenQuit: Bool)
    /// Take `count` more steps of the sequence on `prefix` (starting it when it is not the session's).
    case step(prefix: String, count: Int)
    /// Start the step sequence again on `prefix` (the prompt was edited, or Ctrl-R).
    case restartSteps(prefix: String)
    case setSampling(SamplingSettings)
    case runCommand(String)
    /// Ask the session for an analysis view's result, off the UI thread.
    case analyse(AnalysisRequest)
    /// Find Tab's candidates for the end of this partial command line.
    case complete(String)
    /// Stop the command sent with `ticket` early.
    case cancel(Ticket)
    /// Load another run's curves (metrics file or checkpoint) for comparison.
    case loadComparison(URL)
    /// Repaint the whole screen (Ctrl-L).
    case redraw
    /// Stop training and leave.
    case quit
}
