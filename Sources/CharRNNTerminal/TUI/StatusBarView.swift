import CharRNN
import TerminalKit

/// The top row: where training stands, dropping whole figures, least
/// important first, when the terminal is narrow.
///
/// `epoch 12/100 · val ppl 9.81 · step 118 · 1.2M tok/s · 00:04 / ETA 00:29 · lr 1 · ‖g‖ 0.84 (clipped 37%) · running      unsaved · F1 help`
///
/// Kept longest, in this order: the state, the epoch, the validation
/// perplexity, the speed, saved or unsaved, `F1 help`; then the time and
/// ETA, the step, the gradient norm, the learning rate.
enum StatusBarView {
    static func render(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        statusLine(state).render(into: &buffer, area: area, theme: state.theme)
    }

    static func statusLine(_ state: AppState) -> StatusLine {
        let s = state.snapshot
        let unicode = state.theme.unicode
        var left = [StatusSegment(" epoch \(s.epoch)/\(s.targetEpoch)", priority: 9)]
        if let val = s.history.last?.valPerplexity {
            left.append(StatusSegment("val ppl " + NumberFormat.fixed(val, 2), priority: 8))
        }
        left += [
            StatusSegment("step \(s.step)", priority: 3),
            StatusSegment("\(NumberFormat.compact(s.tokensPerSecond)) tok/s", priority: 7),
            StatusSegment("\(NumberFormat.duration(s.elapsedSeconds)) / ETA \(eta(s))", priority: 4),
            StatusSegment("lr \(NumberFormat.compact(Double(s.learningRate)))", priority: 1),
        ]
        if let report = s.lastStep {
            let clipped = s.step > 0 ? Double(s.clippedSteps) / Double(s.step) : 0
            let norm = unicode ? "‖g‖" : "|g|"
            left.append(StatusSegment("\(norm) \(NumberFormat.fixed(report.gradientNorm, 2)) (clipped \(Int((clipped * 100).rounded()))%)", priority: 2))
        }
        left.append(StatusSegment(label(s.state), style: stateStyle(s.state, theme: state.theme), priority: 10))
        let right = [StatusSegment(s.unsaved ? "unsaved" : "saved", priority: 6), StatusSegment("F1 help ", priority: 5)]
        return StatusLine(left: left, right: right, separator: " · ")
    }

    /// The estimated time left while running; `--:--` otherwise.
    static func eta(_ s: TrainingSnapshot) -> String {
        s.state == .running ? NumberFormat.duration(s.etaSeconds) : "--:--"
    }

    static func label(_ state: TrainingSnapshot.RunState) -> String {
        switch state {
        case .idle: "idle"
        case .running: "running"
        case .paused: "paused"
        case .done: "done"
        case .halted: "halted"
        }
    }

    /// Green running, yellow paused, cyan done, red halted; bold without colour.
    static func stateStyle(_ state: TrainingSnapshot.RunState, theme: Theme) -> Style {
        guard theme.color else { return Style(bold: true, reverse: true) }
        let color: Color
        switch state {
        case .idle: color = .white
        case .running: color = .green
        case .paused: color = .yellow
        case .done: color = .cyan
        case .halted: color = .red
        }
        return Style(foreground: .black, background: color, bold: true)
    }
}
