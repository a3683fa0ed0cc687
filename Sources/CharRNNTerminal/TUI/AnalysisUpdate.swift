import CharRNN
import TerminalKit

/// Opening, moving through and refreshing the analysis views.
extension AppUpdate {
    /// The request a view key makes from what the panes show: the heatmap
    /// cursor's unit and state (and the marked steps, for `match`), the typed
    /// prefix; nil, with a message, when there is nothing to ask about.
    static func request(for kind: AnalysisKind, _ state: inout AppState) -> AnalysisRequest? {
        let cursor = state.heatmap.cursor
        let group = state.probe.groupIndex(ofRow: cursor.row).map { state.probe.groups[$0] }
        let stateID = group.flatMap { StateID(name: ModelConfig.layerPrefix(($0.layer ?? 1) - 1) + $0.symbol, model: state.session.model) }
        switch kind {
        case .activations:
            return .activations(unit: cursor.row - (group?.firstRow ?? 0), state: stateID, text: .standard)
        case .units:
            return .units(.space, text: .standard)
        case .match:
            guard !state.probeIDs.isEmpty else {
                state.message = StatusMessage("type a prefix in the prompt first", isError: true)
                return nil
            }
            let mark = state.heatmap.mark ?? cursor.column
            return .match(from: min(mark, cursor.column), to: max(mark, cursor.column), threshold: 0.5, state: stateID)
        case .saliency:
            guard !state.prompt.prefix.isEmpty else {
                state.message = StatusMessage("type a prefix in the prompt first", isError: true)
                return nil
            }
            return .saliency(prefix: state.prompt.prefix, next: nil)
        case .samples:
            return .samples
        case .histograms:
            return .histograms
        }
    }

    /// Opens the view for `request` and asks the session for it.
    static func openAnalysis(_ request: AnalysisRequest, _ state: inout AppState) -> [AppEffect] {
        state.analysis = AnalysisState(request: request)
        return askAnalysis(&state)
    }

    /// Sends the open view's request (nothing for `samples`).
    static func askAnalysis(_ state: inout AppState) -> [AppEffect] {
        guard var view = state.analysis, view.request.command != nil else { return [] }
        view.waiting = true
        view.askedAt = (state.snapshot.epoch, state.snapshot.elapsedSeconds)
        state.analysis = view
        return [.analyse(view.request)]
    }

    /// Asks again when the open view's result is older than the weights (see `AnalysisState.isStale`).
    static func refreshAnalysis(_ state: inout AppState) -> [AppEffect] {
        state.analysis?.isStale(state.snapshot) == true ? askAnalysis(&state) : []
    }

    /// Takes an answer for the open view; one for a view since closed or changed is dropped.
    static func receive(_ request: AnalysisRequest, _ outcome: Result<AnalysisResult, AnalysisFailure>, _ state: inout AppState) {
        guard var view = state.analysis, view.request == request else { return }
        view.waiting = false
        switch outcome {
        case .success(let result):
            view.result = result
            view.error = nil
        case .failure(let failure):
            view.error = failure.message
        }
        state.analysis = view
    }

    /// A key while a view is open; nil leaves it to the usual bindings.
    static func analysisKey(_ key: Key, _ state: inout AppState) -> [AppEffect]? {
        guard var view = state.analysis else { return nil }
        let page = max(1, AnalysisView.body(state.layout).height)
        let isText = view.kind == .activations || view.kind == .saliency
        // In running text, ↑↓ move a row: about the body's width in tokens.
        let row = isText ? max(1, AnalysisView.body(state.layout).width) : 1
        switch key {
        case .escape:
            state.analysis = nil
            return []
        case .up, .character("k"): view.cursor -= row
        case .down, .character("j"): view.cursor += row
        case .left, .character("h"):
            if view.kind == .units { return cycleFeature(by: -1, &state) }
            view.cursor -= 1
        case .right, .character("l"):
            if view.kind == .units { return cycleFeature(by: 1, &state) }
            view.cursor += 1
        case .pageUp: view.cursor -= page * row
        case .pageDown: view.cursor += page * row
        case .home: view.cursor = 0
        case .end: view.cursor = Int.max / 2
        case .enter:
            // A unit of the list: its activations over the same text.
            guard case .units(_, let text) = view.request, case .units(let ranking)? = view.result,
                view.cursor < ranking.correlations.count
            else { return [] }
            let chosen = ranking.correlations[view.cursor]
            return openAnalysis(.activations(unit: chosen.unit, state: chosen.state, text: text), &state)
        default:
            return nil
        }
        state.analysis = view
        return []
    }

    /// The units view's next or previous built-in feature (those the model's text has).
    static func cycleFeature(by step: Int, _ state: inout AppState) -> [AppEffect] {
        guard case .units(let feature, let text)? = state.analysis?.request else { return [] }
        let raw = state.session.config.textMode == .raw
        let features = TextFeature.named.map(\.feature).filter { raw || !$0.needsRawText }
        let index = features.firstIndex(of: feature) ?? -step
        let next = features[((index + step) % features.count + features.count) % features.count]
        return openAnalysis(.units(next, text: text), &state)
    }

    /// Clamps the open view's cursor to its result and scrolls it into view.
    static func normalizeAnalysis(_ state: inout AppState) {
        guard var view = state.analysis else { return }
        let count = AnalysisView.itemCount(state, view)
        // In the lists without a selection the cursor is the top line.
        let scrollsOnly = view.kind == .samples || view.kind == .histograms
        let last = scrollsOnly ? count - AnalysisView.body(state.layout).height : count - 1
        view.cursor = min(max(view.cursor, 0), max(0, last))
        view.scroll = AnalysisView.effectiveScroll(state, view)
        state.analysis = view
    }
}

/// Why a view's request failed, in one line.
public struct AnalysisFailure: Error, Hashable, Sendable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }
}
