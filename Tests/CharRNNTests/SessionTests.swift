import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

/// The session over its one channel: commands in, replies and changes out,
/// slow work off the caller's thread, one owner of the step sequence.
@Suite struct SessionTests {
    static func session(epochs: Int = 3, configure: (inout TrainingConfig) -> Void = { _ in }) throws -> Session {
        var config = SmallRun.config(epochs: epochs)
        config.threads = 1
        configure(&config)
        return try Session.open(config: config, corpus: .file(Fixtures.timeMachineURL.path), checkpoint: nil).session
    }

    /// After training changes the weights, a step continues from the state the
    /// new weights give for the text so far — even when another command (a
    /// trace) loaded those weights first.
    @Test func stepsReplayTheTextWithNewWeights() throws {
        let session = try Self.session()
        defer { session.close() }
        try session.run(.setSampling(.greedy))
        try session.run(.startSteps(prefix: "the time"))
        try session.run(.step(count: 1))
        try session.train(toEpoch: 1)
        try session.run(.trace("anything"))
        guard case .stepped(let next?) = try session.run(.step(count: 1)) else { throw SessionCommandFailed(description: "no step") }
        let state = session.state()
        let fresh = Sampler(params: state.training.params, model: state.model, vocabulary: state.vocabulary)
        fresh.feed(state.steps.ids.dropLast())
        #expect(next.hidden == fresh.hidden)
        #expect(next.chosen == Sampler.argmax(fresh.logits()))
        #expect(state.steps.prefix == "the time" && state.steps.generated.count == 2)
    }

    @Test func generatingAndTracingLeaveTheStepSequenceAlone() throws {
        let session = try Self.session()
        defer { session.close() }
        try session.run(.startSteps(prefix: "it"))
        guard case .stepped(let first?) = try session.run(.step(count: 1)) else { throw SessionCommandFailed(description: "no step") }
        try session.run(.generate(prefix: "something else", count: 10, settings: .greedy, seed: nil))
        try session.run(.generate(prefix: "more", count: 5, settings: SamplingSettings(), seed: 3))
        try session.run(.trace("and a trace"))
        guard case .stepped(let second?) = try session.run(.step(count: 1)) else { throw SessionCommandFailed(description: "no step") }
        let state = session.state()
        let replay = Sampler(params: state.training.params, model: state.model, vocabulary: state.vocabulary)
        replay.feed(state.vocabulary.encode("it").ids + [first.chosen])
        #expect(second.hidden == replay.hidden)
    }

    /// The probe is the step sequence's trace, kept current as training changes the weights.
    @Test func theProbeFollowsTheStepsAndTheWeights() throws {
        let session = try Self.session(epochs: 2)
        defer { session.close() }
        #expect(session.state().probe == nil)
        try session.run(.startSteps(prefix: "time"))
        let before = try #require(session.state().probe)
        #expect(before.trace.inputs == session.state().steps.ids)
        try session.train(toEpoch: 2)
        try session.run(.trace(""))  // answered after the refresh the run's end queued
        let state = session.state()
        let after = try #require(state.probe)
        #expect(after.paramsVersion == state.training.paramsVersion)
        guard case .traced(let direct, _) = try session.run(.trace("time")) else { throw SessionCommandFailed(description: "no trace") }
        #expect(after.trace == direct)
        #expect(after.trace != before.trace)
        try session.run(.resetSteps)
        #expect(session.state().probe == nil && session.state().steps == .empty)
    }

    /// An evaluation runs off the session's queue: steps are answered while
    /// it runs, and `cancel` ends it early.
    @Test func evaluationRunsAsideAndCanBeCancelled() throws {
        let session = try Self.session { c in
            c.hidden = 256
            c.numTrain = 1_000
            c.numVal = 100_000
        }
        defer { session.close() }
        try session.run(.startSteps(prefix: "a"))
        let eval = session.send(.evaluate)
        try session.run(.step(count: 3))
        #expect(session.state().running.contains { $0.ticket == eval && $0.name == "eval" && $0.cancellable })
        session.cancel(eval)
        var reply: SessionReply?
        while reply == nil {
            session.events.wait()
            for case .replied(eval, let r) in session.events.take() { reply = r }
        }
        guard case .cancelled = reply else { throw SessionCommandFailed(description: "eval was not cancelled: \(String(describing: reply))") }
        #expect(session.state().running.isEmpty)
    }

    @Test func evaluationGivesTheTrainersFigure() throws {
        let session = try Self.session(epochs: 1)
        defer { session.close() }
        try session.train(toEpoch: 1)
        guard case .evaluated(let loss, let epoch, _, let whileTraining) = try session.run(.evaluate) else {
            throw SessionCommandFailed(description: "no evaluation")
        }
        let history = session.state().training.history
        #expect(epoch == 1 && !whileTraining)
        #expect(loss == history[0].valLoss)
    }

    /// Replies wait for what they promise: `pause` for the pause, `stop` for the end of the run.
    @Test func pauseAndStopAnswerOnceTheTrainerHasObeyed() throws {
        let session = try Self.session(epochs: 500) { $0.batchSize = 8 }
        defer { session.close() }
        #expect(session.perform(.pause).failureText == "not training; `train` starts a run")
        try session.run(.train(toEpoch: 500))
        try session.run(.pause)
        let paused = session.state().training
        #expect(paused.state == .paused)
        try session.run(.trace(""))
        #expect(session.state().training.step == paused.step, "a paused run takes no step")
        try session.run(.setLearningRate(0.25))
        #expect(session.state().training.learningRate == 0.25)
        try session.run(.resume)
        try session.run(.stop)
        let stopped = session.state().training
        #expect(stopped.state == .idle && stopped.epoch < 500)
        #expect(session.perform(.stop).failureText == "not training")
        try session.run(.waitForRun)  // nothing to wait for
    }

    /// However often the state changes, one `.changed` at most is waiting; replies come in order with their tickets.
    @Test func changesAreCoalescedAndRepliesCarryTheirTickets() throws {
        let session = try Self.session(epochs: 5)
        defer { session.close() }
        try session.run(.startSteps(prefix: "x"))
        let tickets = [session.send(.train(toEpoch: 5))] + (0..<20).map { _ in session.send(.step(count: 1)) } + [session.send(.waitForRun)]
        var replied: [Ticket] = []
        while replied.count < tickets.count {
            session.events.wait()
            var changes = 0
            for event in session.events.take() {
                switch event {
                case .changed: changes += 1
                case .replied(let ticket, _): replied.append(ticket)
                }
            }
            #expect(changes <= 1)
        }
        #expect(Set(replied) == Set(tickets))
        #expect(replied.dropLast() == tickets.dropLast(), "the queue answers in order; waitForRun when the run ends")
        #expect(session.state().steps.generated.count == 20)
    }

    @Test func saveAndLoadGoThroughTheChannel() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("s.safetensors")
        let session = try Self.session(epochs: 1)
        defer { session.close() }
        try session.train(toEpoch: 1)
        #expect(session.state().training.unsaved)
        guard case .saved(url, let epoch, let step) = try session.run(.save(url)) else { throw SessionCommandFailed(description: "not saved") }
        #expect(epoch == 1 && step == session.state().training.step)
        #expect(!session.state().training.unsaved && session.state().checkpointURL == url)

        let other = try Self.session(epochs: 1) { $0.hidden = 4 }
        defer { other.close() }
        try other.run(.startSteps(prefix: "abc"))
        let version = other.state().modelVersion
        try other.run(.load(url))
        let loaded = other.state()
        #expect(loaded.modelVersion == version + 1)
        #expect(loaded.model == session.state().model && loaded.training.params == session.state().training.params)
        #expect(loaded.steps == .empty && loaded.probe == nil && !loaded.training.unsaved)

        try other.run(.train(toEpoch: 3, paused: true))
        #expect(other.perform(.load(url)).failureText == "stop training (pause is not enough) before loading")
    }
}

extension SessionReply {
    /// The message of a failure, nil for any other reply.
    var failureText: String? {
        if case .failed(let why) = self { return why }
        return nil
    }
}
