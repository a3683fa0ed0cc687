import CharRNN
import CharRNNTerminal
import CharRNNTestSupport
import Foundation
import Testing

/// The workbench keeps its step-by-step state consistent with the weights.
@Suite struct WorkbenchTests {
    static func workbench() throws -> Workbench {
        var config = SmallRun.config(epochs: 3)
        config.threads = 1
        return try Workbench.open(config: config, corpus: .builtInOnly, checkpoint: nil)
    }

    /// After training changes the weights, a step continues from the state the
    /// new weights give for the text so far — even when another call (a trace)
    /// loaded those weights first.
    @Test func stepsReplayTheTextWithNewWeightsWhoeverLoadedThem() throws {
        let wb = try Self.workbench()
        wb.sampling = .greedy
        _ = wb.startSteps(prefix: "the time")
        _ = wb.step()
        wb.session.train(toEpoch: 1)
        wb.session.waitUntilIdle()
        _ = wb.trace("anything")  // loads the new weights
        let next = try #require(wb.step())
        let fresh = Sampler(params: wb.session.snapshot().params, model: wb.model, vocabulary: wb.vocabulary)
        fresh.feed(wb.stepIDs.dropLast())
        #expect(next.hidden == fresh.hidden)
        #expect(next.chosen == Sampler.argmax(fresh.logits()))
    }

    @Test func predictAndCompleteLeaveTheStepSequenceAlone() throws {
        let wb = try Self.workbench()
        _ = wb.startSteps(prefix: "it")
        let first = try #require(wb.step())
        _ = wb.predict(prefix: "something else", count: 10)
        _ = wb.complete(prefix: "more", count: 5, settings: SamplingSettings(), seed: 3)
        let second = try #require(wb.step())
        let replay = Sampler(params: wb.session.snapshot().params, model: wb.model, vocabulary: wb.vocabulary)
        replay.feed(wb.vocabulary.encode("it").ids + [first.chosen])
        #expect(second.hidden == replay.hidden)
    }
}
