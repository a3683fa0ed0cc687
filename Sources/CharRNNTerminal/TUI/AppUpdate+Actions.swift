import CharRNN
import TerminalKit

extension AppUpdate {
    /// Temperature range and step of the `+`/`-` keys.
    static let temperatureRange = 0.1...5.0
    static let temperatureStep = 0.1

    static func perform(_ action: AppAction, _ state: inout AppState) -> [AppEffect] {
        switch action {
        case .help:
            state.overlay = .help
        case .quit:
            return requestQuit(&state)
        case .save:
            return [.save(thenQuit: false)]
        case .togglePause:
            return togglePause(&state)
        case .redraw:
            return [.redraw]
        case .focusNext, .focusPrevious:
            focus(state.focus.cycled(by: action == .focusNext ? 1 : -1), &state)
        case .leavePrompt:
            if state.focus == .prompt {
                focus(state.focusBeforePrompt == .prompt ? .curves : state.focusBeforePrompt, &state)
            } else if let pending = state.pending, pending.cancellable {
                return [.cancel(pending.ticket)]
            } else {
                state.message = nil
            }
        case .openCommandLine:
            openCommandLine(&state)
        case .toggleLogScale:
            state.curves.toggleLogScales()
        case .toggleSmoothing:
            state.curves.smoothing.toggle()
        case .cycleCharts:
            state.curves.charts = state.curves.charts.next
        case .move(let rows, let columns):
            move(rows: rows, columns: columns, &state)
        case .page(let direction):
            let layout = state.layout
            let page = state.focus == .inspector
                ? layout.inspectorListRows : HiddenStateView.heatmap(state).viewport(in: layout.heatmapGrid, theme: state.theme).rows
            move(rows: direction * max(1, page), columns: 0, &state)
        case .first, .last:
            jump(toEnd: action == .last, &state)
        case .group(let direction):
            jumpGroup(by: direction, &state)
        case .analysis(let kind):
            guard let request = request(for: kind, &state) else { return [] }
            return openAnalysis(request, &state)
        case .select:
            guard state.focus == .heatmap, let request = request(for: .activations, &state) else { return [] }
            return openAnalysis(request, &state)
        case .markStep:
            let column = state.heatmap.cursor.column
            state.heatmap.mark = state.heatmap.mark == column ? nil : column
            state.message = StatusMessage(state.heatmap.mark.map { "step \($0 + 1) marked: m matches the units on from there to the cursor" } ?? "mark cleared")
        case .compare:
            openCommandLine(&state)
            state.commandLine?.setText("compare ")
        case .step:
            return step(count: 1, &state)
        case .generate:
            return step(count: state.prompt.generateCount, &state)
        case .resetSteps:
            state.prompt.generated = []
            state.prompt.lastStep = nil
            followProbeEnd(&state)
            return [.restartSteps(prefix: state.prompt.prefix)]
        case .temperature(let up):
            let t = state.prompt.sampling.temperature + (up ? temperatureStep : -temperatureStep)
            let clamped = min(max(t, temperatureRange.lowerBound), temperatureRange.upperBound)
            state.prompt.sampling.temperature = (clamped * 10).rounded() / 10
            return [.setSampling(state.prompt.sampling)]
        case .topK(let up):
            let k = state.prompt.sampling.topK + (up ? 1 : -1)
            state.prompt.sampling.topK = min(max(k, 0), state.model.vocabulary.count)
            return [.setSampling(state.prompt.sampling)]
        case .toggleGreedy:
            state.prompt.sampling.greedy.toggle()
            return [.setSampling(state.prompt.sampling)]
        case .edit(let key):
            return edit(key, &state)
        }
        return []
    }

    static func togglePause(_ state: inout AppState) -> [AppEffect] {
        switch state.snapshot.state {
        case .running: return [.pauseTraining]
        case .paused: return [.resumeTraining]
        case .idle: return [.startTraining]
        case .done:
            state.message = StatusMessage("training is done (epoch \(state.snapshot.epoch)); pass a larger --epochs to train further")
        case .halted(let why):
            state.message = StatusMessage(why, isError: true)
        }
        return []
    }

    static func focus(_ pane: Pane, _ state: inout AppState) {
        if pane == .prompt && state.focus != .prompt { state.focusBeforePrompt = state.focus }
        state.focus = pane
    }

    // MARK: - Cursors

    static func move(rows: Int, columns: Int, _ state: inout AppState) {
        switch state.focus {
        case .heatmap:
            state.heatmap.cursor.row += rows
            state.heatmap.cursor.column += columns
        case .inspector:
            state.inspector.selected += rows
            state.inspector.unit += columns
        case .curves, .prompt:
            break
        }
    }

    static func jump(toEnd: Bool, _ state: inout AppState) {
        switch state.focus {
        case .heatmap: state.heatmap.cursor.column = toEnd ? Int.max / 2 : 0
        case .inspector: state.inspector.selected = toEnd ? Int.max / 2 : 0
        case .curves, .prompt: break
        }
    }

    /// In the heatmap, moves the cursor to the same unit of the previous or
    /// next state group and shows that group from its first row when the
    /// cursor stays in view; in the inspector, selects another input matrix.
    static func jumpGroup(by direction: Int, _ state: inout AppState) {
        switch state.focus {
        case .heatmap:
            let groups = state.probe.groups
            guard !groups.isEmpty else { return }
            let current = state.probe.groupIndex(ofRow: state.heatmap.cursor.row) ?? 0
            let target = min(max(current + direction, 0), groups.count - 1)
            let unit = state.heatmap.cursor.row - groups[current].firstRow
            let row = groups[target].firstRow + min(max(unit, 0), groups[target].width - 1)
            state.heatmap.cursor.row = row
            let visible = HiddenStateView.heatmap(state).viewport(in: state.layout.heatmapGrid, theme: state.theme).rows
            if row - groups[target].firstRow < visible { state.heatmap.scroll.row = groups[target].firstRow }
        case .inspector:
            state.inspector.gate += direction
        case .curves, .prompt:
            break
        }
    }

    /// Puts the heatmap cursor on the newest step of the probe text.
    static func followProbeEnd(_ state: inout AppState) {
        state.heatmap.cursor.column = max(0, state.probeLength - 1)
    }

    /// Clamps cursors to what exists and scrolls them into view.
    static func normalize(_ state: inout AppState) {
        let layout = state.layout
        let units = state.probe.rows > 0 ? state.probe.rows : state.model.hidden
        let steps = state.probeLength
        state.heatmap.cursor.row = min(max(state.heatmap.cursor.row, 0), max(0, units - 1))
        state.heatmap.cursor.column = min(max(state.heatmap.cursor.column, 0), max(0, steps - 1))
        state.heatmap.scroll = HiddenStateView.heatmap(state).effectiveScroll(in: layout.heatmapGrid, theme: state.theme)
        if let mark = state.heatmap.mark, mark >= steps { state.heatmap.mark = nil }
        normalizeAnalysis(&state)

        let v = state.model.vocabulary.count
        state.inspector.selected = min(max(state.inspector.selected, 0), max(0, v - 1))
        state.inspector.unit = min(max(state.inspector.unit, 0), max(0, state.model.hidden - 1))
        state.inspector.scroll = Heatmap.scrollOffset(
            cursor: state.inspector.selected, offset: state.inspector.scroll,
            viewport: layout.inspectorListRows, count: v)
        let gates = state.model.cell.gates
        state.inspector.gate = min(max(state.inspector.gate, 0), gates - 1)
        let strips = InspectorView.DetailPlan(height: layout.inspectorDetail.height, gates: gates).strips
        state.inspector.gateScroll = Heatmap.scrollOffset(
            cursor: state.inspector.gate, offset: state.inspector.gateScroll, viewport: strips, count: gates)
    }

    // MARK: - Prompt

    static func step(count: Int, _ state: inout AppState) -> [AppEffect] {
        guard !state.prompt.editor.text.isEmpty else {
            state.message = StatusMessage("type a prefix in the prompt first", isError: true)
            return []
        }
        return syncPrompt(&state) + [.step(prefix: state.prompt.synced.text, count: count)]
    }

    /// A key for the prompt's editor. The cost does not grow with the text:
    /// the editor inserts in place, an edit is told by the editor's revision,
    /// and a text over `PromptState.eagerLimit` is synchronised only when the
    /// keys pause (`.promptIdle`).
    static func edit(_ key: Key, _ state: inout AppState) -> [AppEffect] {
        let revision = state.prompt.editor.revision
        let event = state.prompt.editor.handle(key)
        if event == .clearScreen { return [.redraw] }
        guard state.prompt.editor.revision != revision else { return [] }
        state.prompt.generated = []
        state.prompt.lastStep = nil
        guard state.prompt.editor.text.count <= PromptState.eagerLimit else { return [] }
        return syncPrompt(&state)
    }

    /// Takes the typed text into the prompt's synchronised copy, reports
    /// characters outside the vocabulary, and restarts the session's step
    /// sequence on it; nothing when already synchronised. O(text).
    static func syncPrompt(_ state: inout AppState) -> [AppEffect] {
        guard !state.prompt.isSynced else { return [] }
        state.prompt.sync(vocabulary: state.model.vocabulary)
        followProbeEnd(&state)
        if let report = PromptView.unknownReport(state.prompt.synced.encoded.unknown) {
            state.message = StatusMessage(report, isError: true)
        } else if state.message?.isError == true {
            state.message = nil
        }
        return [.restartSteps(prefix: state.prompt.synced.text)]
    }
}
