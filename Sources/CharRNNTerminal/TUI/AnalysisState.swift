import CharRNN

/// The views that take the screen's panes over to show what the units do.
public enum AnalysisKind: String, CaseIterable, Hashable, Sendable {
    case activations, units, match, saliency, samples, histograms
}

/// What a view shows, as asked of the session: the command's inputs, which
/// are sent again whenever the weights change (see `AnalysisState.isStale`).
public enum AnalysisRequest: Hashable, Sendable {
    case activations(unit: Int, state: StateID?, text: AnalysisText)
    case units(TextFeature, text: AnalysisText)
    case match(from: Int, to: Int, threshold: Float, state: StateID?)
    case saliency(prefix: String, next: String?)
    case histograms
    /// The training samples: read from the session's state, no command.
    case samples

    /// Bins of the histograms view.
    static let histogramBins = 16
    /// Matches listed by the match view (the REPL's default).
    static let matchLimit = 20

    public var kind: AnalysisKind {
        switch self {
        case .activations: .activations
        case .units: .units
        case .match: .match
        case .saliency: .saliency
        case .histograms: .histograms
        case .samples: .samples
        }
    }

    /// The session command that answers it; nil for `samples`.
    public var command: SessionCommand? {
        switch self {
        case .activations(let unit, let state, let text): .activations(unit: unit, state: state, text: text)
        case .units(let feature, let text): .units(feature: feature, text: text)
        case .match(let from, let to, let threshold, let state):
            .match(from: from, to: to, threshold: threshold, state: state, limit: Self.matchLimit)
        case .saliency(let prefix, let next): .saliency(prefix: prefix, next: next)
        case .histograms: .histograms(bins: Self.histogramBins)
        case .samples: nil
        }
    }

    /// The request a `:` command's first session command makes, when it is one of the views'.
    public init?(_ command: SessionCommand) {
        switch command {
        case .activations(let unit, let state, let text): self = .activations(unit: unit, state: state, text: text)
        case .units(let feature, let text): self = .units(feature, text: text)
        case .match(let from, let to, let threshold, let state, _): self = .match(from: from, to: to, threshold: threshold, state: state)
        case .saliency(let prefix, let next): self = .saliency(prefix: prefix, next: next)
        case .histograms: self = .histograms
        default: return nil
        }
    }
}

/// A view's answer from the session.
public enum AnalysisResult: Hashable, Sendable {
    case activations(ActivationTrace)
    case units(UnitRanking)
    case matches(PatternSearch)
    case saliency(Saliency)
    case histograms(TensorHistograms)

    /// The result a reply carries; nil for other replies.
    public init?(_ reply: SessionReply) {
        switch reply {
        case .activations(let trace): self = .activations(trace)
        case .units(let ranking): self = .units(ranking)
        case .matches(let search): self = .matches(search)
        case .saliency(let saliency): self = .saliency(saliency)
        case .histograms(let histograms): self = .histograms(histograms)
        default: return nil
        }
    }

    /// The weights' parameter version it was computed with.
    var paramsVersion: Int {
        switch self {
        case .activations(let t): t.stamp.paramsVersion
        case .units(let r): r.stamp.paramsVersion
        case .matches(let s): s.stamp.paramsVersion
        case .saliency(let s): s.stamp.paramsVersion
        // Histograms carry the epoch and step; the step changes with every update.
        case .histograms(let h): h.step
        }
    }
}

/// The open analysis view: what it asked, what came back, and where its cursor is.
///
/// While training runs, a view asks again once its result is older than the
/// weights, at most once an epoch or every `refreshSeconds` of training time
/// and never while an answer is on its way; the work runs on the session's
/// interpretation queue, never on the UI thread.
public struct AnalysisState: Sendable {
    public var request: AnalysisRequest
    public var result: AnalysisResult?
    /// Why the last request failed, shown in place of a result.
    public var error: String?
    /// Whether a request is on its way.
    public var waiting = false
    /// The training epoch and time (`elapsedSeconds`) of the last request.
    public var askedAt: (epoch: Int, seconds: Double) = (0, 0)
    /// The token (activations, saliency) or line (the lists) under the cursor.
    public var cursor = 0
    /// The first wrapped line shown, as of the last frame.
    public var scroll = 0

    /// Least training time between two refreshes within an epoch.
    public static let refreshSeconds = 0.1

    public init(request: AnalysisRequest) {
        self.request = request
    }

    public var kind: AnalysisKind { request.kind }

    /// Whether to ask again now: the result is older than the weights of
    /// `training`, nothing is on its way, and an epoch or `refreshSeconds`
    /// passed since the last request (at once when not training).
    func isStale(_ training: TrainingSnapshot) -> Bool {
        guard request.command != nil, !waiting, let result else { return false }
        let current = request == .histograms ? training.step : training.paramsVersion
        guard result.paramsVersion != current else { return false }
        guard training.state == .running else { return true }
        return training.epoch != askedAt.epoch || training.elapsedSeconds - askedAt.seconds >= Self.refreshSeconds
    }

}
