import Foundation

/// Activations, unit search, saliency, pattern matches and histograms: the
/// session takes the latest published weights on its queue, then computes on
/// `interpretQueue`, so neither stepping nor the views wait for it.
extension Session {
    func interpret(_ command: SessionCommand, _ ticket: Ticket) {
        let trainer = self.trainer
        switch command {
        case .histograms(let bins):
            guard bins > 0 else { return reply(ticket, .failed("the number of bins must be at least 1")) }
            return trainer.send(.histograms(bins: bins) { self.reply(ticket, .histograms($0)) })
        case .writeActivationPage(let trace, let url):
            return fileQueue.async {
                do throws(ActivationPageError) { try ActivationPage.write(trace, to: url) } catch { return self.reply(ticket, .failed(error.description)) }
                self.reply(ticket, .written(url))
            }
        default: break
        }
        let state = published
        let snapshot = trainer.snapshot()
        let analysis = Analysis(
            model: state.model, params: snapshot.params, vocabulary: state.vocabulary, corpus: trainer.corpus, dataset: trainer.dataset,
            probe: state.steps.ids,
            stamp: WeightsStamp(epoch: snapshot.epoch, step: snapshot.step, paramsVersion: snapshot.paramsVersion, modelVersion: state.modelVersion))
        interpretQueue.async {
            let cancelled = { self.isCancelled(ticket) }
            do throws(AnalysisError) {
                self.reply(ticket, try analysis.run(command, cancelled: cancelled) ?? .cancelled)
            } catch {
                self.reply(ticket, .failed(error.message))
            }
        }
    }
}

/// Why an interpretation command failed, in one line.
struct AnalysisError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// One interpretation command's inputs, taken on the session's queue: weights
/// of its own, so it runs on any thread.
struct Analysis: Sendable {
    let model: ModelConfig
    let params: ParameterArena
    let vocabulary: Vocabulary
    let corpus: Corpus
    let dataset: WindowDataset
    /// The probe text's ids (the step sequence).
    let probe: [Int]
    let stamp: WeightsStamp

    /// The reply to `command`; nil when cancelled.
    func run(_ command: SessionCommand, cancelled: () -> Bool) throws(AnalysisError) -> SessionReply? {
        let sampler = Sampler(params: params, model: model, vocabulary: vocabulary)
        switch command {
        case .activations(let unit, let named, let source):
            let state = try check(named)
            guard (0..<model.hidden).contains(unit) else { throw AnalysisError("no unit \(unit): \(state.name) has units 0…\(model.hidden - 1)") }
            let text = try tokenize(source)
            let group = sampler.trace(text.ids).groups.first { $0.id == state }!
            let values = (0..<text.count).map { group.value(step: $0, unit: unit) }
            return .activations(ActivationTrace(state: state, unit: unit, text: text, values: values, stamp: stamp))
        case .units(let feature, let source):
            if feature.needsRawText, corpus.mode == .letters { throw AnalysisError(TextFeatureError.needsRawText(feature.name).description) }
            let text = try tokenize(source)
            let featureValues = feature.values(of: text.tokens)
            guard Set(featureValues).count > 1 else { throw AnalysisError("\(feature.name) is the same at every step of the \(text.label); r is undefined") }
            guard let correlations = UnitRanking.rank(sampler.trace(text.ids), featureValues: featureValues, cancelled: cancelled) else { return nil }
            return .units(UnitRanking(feature: feature, text: text, featureValues: featureValues, correlations: correlations, stamp: stamp))
        case .saliency(let prefix, let next):
            let encoded = vocabulary.encode(prefix)
            guard !encoded.ids.isEmpty else { throw AnalysisError("the prefix must not be empty") }
            let nextID = try next.map { token throws(AnalysisError) in
                guard vocabulary.contains(token) else { throw AnalysisError("NEXT must be one token of the vocabulary, got \(token.debugDescription)") }
                return vocabulary.index(of: token)
            }
            let r = Saliency.compute(weights: sampler.weights, ids: encoded.ids, next: nextID)
            return .saliency(Saliency(
                prefix: tokenized(encoded, label: "prefix"), next: vocabulary.tokens[r.next], nextID: r.next, logProbability: r.logProbability,
                scores: r.scores, stamp: stamp))
        case .match(let from, let to, let threshold, let state, let limit):
            return try match(from: from, to: to, threshold: threshold, state: check(state), limit: limit, sampler: sampler, cancelled: cancelled)
        default:
            preconditionFailure("not an interpretation command: \(command.name)")
        }
    }

    private func match(
        from: Int, to: Int, threshold: Float, state: StateID, limit: Int, sampler: Sampler, cancelled: () -> Bool
    ) throws(AnalysisError) -> SessionReply? {
        guard !probe.isEmpty else { throw AnalysisError("no probe text; start one with step PREFIX") }
        guard 0 <= from, from <= to, to < probe.count else {
            throw AnalysisError("FROM and TO must satisfy 0 ≤ FROM ≤ TO < \(probe.count) (steps of the probe text), got \(from) and \(to)")
        }
        let group = sampler.trace(probe).groups.first { $0.id == state }!
        let units = PatternMatcher.unitsOn(group, steps: from...to, threshold: threshold)
        let selection = vocabulary.decode(probe[from...to])
        guard !units.isEmpty else {
            throw AnalysisError("no unit of \(state.name) is above \(threshold) at every step \(from)…\(to) (\(selection.debugDescription))")
        }
        let matcher = PatternMatcher(units: units, threshold: threshold, minimumLength: to - from + 1)
        guard let spans = matcher.spans(of: corpus.ids, sampler: sampler, state: state, cancelled: cancelled) else { return nil }
        return .matches(PatternSearch(
            state: state, threshold: threshold, from: from, to: to, selection: selection, units: units,
            matches: matcher.best(spans, limit: limit), found: spans.count, searched: corpus.ids.count, stamp: stamp))
    }

    /// `state`, or the top layer's h when nil, checked against the model.
    private func check(_ state: StateID?) throws(AnalysisError) -> StateID {
        guard let state else { return .top(of: model) }
        guard StateID.all(of: model).contains(state) else {
            throw AnalysisError("the model has no state \(state.name) (states: \(StateID.all(of: model).map(\.name).joined(separator: ", ")))")
        }
        return state
    }

    /// The text `source` names, as the model reads it.
    func tokenize(_ source: AnalysisText) throws(AnalysisError) -> TokenizedText {
        let text: TokenizedText
        switch source {
        case .validation(let count):
            let start = dataset.numTrain
            guard dataset.numVal > 0, start < corpus.ids.count else {
                throw AnalysisError("the run has no validation part (--num-val 0); give a TEXT or --file PATH")
            }
            let ids = corpus.ids[start..<min(corpus.ids.count, start + count)].map(Int.init)
            text = TokenizedText(ids: ids, tokens: ids.map { vocabulary.tokens[$0] }, label: "validation text (\(ids.count) tokens)")
        case .text(let typed):
            text = tokenized(vocabulary.encode(typed), label: "typed text")
        case .file(let url):
            let data: Data
            do { data = try Data(contentsOf: url) } catch { throw AnalysisError("cannot read \(url.path): \(error.localizedDescription)") }
            guard let content = String(data: data, encoding: .utf8) else { throw AnalysisError("\(url.path) is not UTF-8 text") }
            let ids = corpus.mode.tokens(of: content).map { vocabulary.index(of: $0) }
            text = TokenizedText(ids: ids, tokens: ids.map { vocabulary.tokens[$0] }, label: "file \(url.lastPathComponent)")
        }
        guard text.count > 0 else { throw AnalysisError("the \(text.label) is empty") }
        return text
    }

    private func tokenized(_ encoded: EncodedPrompt, label: String) -> TokenizedText {
        TokenizedText(ids: encoded.ids, tokens: encoded.ids.map { vocabulary.tokens[$0] }, unknown: encoded.unknown, label: label)
    }
}
