import Foundation

/// The step sequence, the probe and generation, on the session's queue.
extension Session {
    /// Loads the latest published weights into the samplers when they changed.
    func syncWeights() {
        let snapshot = trainer.snapshot()
        guard snapshot.paramsVersion != work.weightsVersion else { return }
        work.weights.load(snapshot.params)
        work.weightsVersion = snapshot.paramsVersion
    }

    func generate(_ prefix: String, _ count: Int, _ settings: SamplingSettings?, _ seed: UInt64?, _ ticket: Ticket) {
        let state = published
        let encoded = state.vocabulary.encode(prefix)
        guard !encoded.ids.isEmpty || count == 0 else { return reply(ticket, .failed("the prefix must not be empty")) }
        syncWeights()
        work.scratch.reseed(seed ?? state.seed)
        let continuation = work.scratch.continuation(of: encoded.ids, count: count, settings: settings ?? state.sampling) {
            self.isCancelled(ticket)
        }
        guard let ids = continuation else { return reply(ticket, .cancelled) }
        reply(ticket, .generated(text: prefix + state.vocabulary.decode(ids), encoded: encoded))
    }

    func startSteps(_ prefix: String, _ ticket: Ticket) {
        let state = published
        let encoded = state.vocabulary.encode(prefix)
        syncWeights()
        work.stepper.reset()
        work.stepper.reseed(state.seed)
        work.stepper.feed(encoded.ids)
        work.stepVersion = work.weightsVersion
        publish { $0.steps = StepSequence(prefix: prefix, ids: encoded.ids, prefixCount: encoded.ids.count, last: nil) }
        refreshProbe()
        reply(ticket, .stepped(nil))
    }

    func step(_ count: Int, _ ticket: Ticket) {
        let state = published
        var steps = state.steps
        guard !steps.ids.isEmpty else {
            return reply(ticket, .failed("nothing to continue from; start with a prefix, e.g. step \"time traveller\""))
        }
        syncWeights()
        let stepper = work.stepper
        stepper.settings = state.sampling
        if work.stepVersion != work.weightsVersion || stepper.consumed != steps.ids.count {
            // New weights since the sequence was fed: rebuild its state from the text.
            stepper.reset()
            stepper.feed(steps.ids)
            work.stepVersion = work.weightsVersion
        }
        var cancelled = false
        for _ in 0..<count {
            if isCancelled(ticket) {
                cancelled = true
                break
            }
            let r = stepper.step()
            steps.ids.append(r.chosen)
            steps.last = r
        }
        publish { $0.steps = steps }
        refreshProbe()
        reply(ticket, cancelled ? .cancelled : .stepped(steps.last))
    }

    /// Traces the step sequence again when it or the weights changed.
    func refreshProbe() {
        syncWeights()
        let state = published
        guard !state.steps.ids.isEmpty else {
            if state.probe != nil { publish { $0.probe = nil } }
            return
        }
        if let probe = state.probe, probe.trace.inputs == state.steps.ids, probe.paramsVersion == work.weightsVersion,
            probe.modelVersion == state.modelVersion
        {
            return
        }
        let probe = Probe(trace: work.scratch.trace(state.steps.ids), paramsVersion: work.weightsVersion, modelVersion: state.modelVersion)
        publish { $0.probe = probe }
    }
}
