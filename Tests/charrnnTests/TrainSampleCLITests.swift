import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

/// `train --sample-every`: samples in the metrics, the checkpoint's history and
/// on stderr, each the text `charrnn sample` prints for that epoch's weights.
@Suite(.serialized) struct TrainSampleCLITests {
    @Test func theLastSampleIsWhatSamplePrintsForTheCheckpoint() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ck = dir.appendingPathComponent("m.safetensors").path, metrics = dir.appendingPathComponent("m.jsonl").path
        let r = try ChildProcess.run(["train", "--epochs", "3", "--sample-every", "2", "--save", ck, "--metrics", metrics] + TrainCLITests.small)
        #expect(r.status == 0, "\(r.stderr)")
        let records = try EpochMetrics.parseLines(String(contentsOfFile: metrics, encoding: .utf8))
        // Every second epoch and the last.
        #expect(records.map { $0.sample != nil } == [false, true, true])
        let last = try #require(records.last?.sample)
        #expect(last.hasPrefix("time traveller") && last.count == "time traveller".count + 100)
        let sampleLines = r.stderr.split(separator: "\n").filter { $0.hasPrefix("sample at epoch ") }
        #expect(sampleLines == ["sample at epoch 2: \(records[1].sample!)", "sample at epoch 3: \(last)"])
        let saved = try Checkpoint.read(from: URL(fileURLWithPath: ck))
        #expect(saved.progress.history.map(\.sample) == records.map(\.sample))

        let sample = try ChildProcess.run([
            "sample", "--checkpoint", ck, "--prefix", "time traveller", "--length", "100", "--temperature", "1", "--seed", "0",
        ])
        #expect(sample.status == 0, "\(sample.stderr)")
        #expect(sample.stdout == last + "\n")
    }

    @Test func samplesFollowThePrefixAndCanBeTurnedOff() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let metrics = dir.appendingPathComponent("m.jsonl").path
        let r = try ChildProcess.run(["train", "--epochs", "2", "--quiet", "--sample-prefix", "the", "--metrics", metrics] + TrainCLITests.small)
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        let records = try EpochMetrics.parseLines(String(contentsOfFile: metrics, encoding: .utf8))
        // By default about ten over the run: every epoch of a two-epoch run.
        #expect(records.allSatisfy { $0.sample?.hasPrefix("the") == true })
        let off = try ChildProcess.run(["train", "--epochs", "2", "--sample-every", "0", "--metrics", metrics] + TrainCLITests.small)
        #expect(off.status == 0 && !off.stderr.contains("sample at"))
        #expect(try EpochMetrics.parseLines(String(contentsOfFile: metrics, encoding: .utf8)).allSatisfy { $0.sample == nil })
        let empty = try ChildProcess.run(["train", "--epochs", "1", "--sample-prefix", ""] + TrainCLITests.small)
        #expect(empty.status != 0 && empty.stderr.contains("sample-prefix"))
    }
}
