import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `kill -9` at random moments while `charrnn train` saves over and over.
@Suite(.serialized) struct KillSaveTests {
    /// One minibatch per epoch and a save after every epoch, so a running
    /// process spends much of its time saving (each save fsyncs the file and
    /// the folder).
    static let saving = ["train", "--hidden", "16", "--batch-size", "64", "--num-steps", "8", "--num-train", "64", "--num-val", "0",
                         "--save-every", "1", "--epochs", "1000000", "--quiet"]

    @Test func killedAtAnyMomentTheCheckpointIsLoadableAndLeftoversAreRemoved() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let x = dir.appendingPathComponent("k.safetensors")
        let kills = 60
        var g = SeededGenerator(seed: 20_240_601)
        var midWrite = 0, partial = 0, loadable = 0, cleanupsSeen = 0, mostLeftovers = 0, epochs: [Int] = []
        var previousLeftovers: Set<String> = []
        for i in 0..<kills {
            let existed = FileManager.default.fileExists(atPath: x.path)
            let inodeBefore = CheckpointFiles.inode(x)
            // Each run continues the last one, as a person coming back would.
            let child = try ChildProcess(Self.saving + ["--save", x.path] + (existed ? ["--resume", x.path] : []))
            if !existed {
                // The first run is left to save once, so that every kill
                // after it has a checkpoint to lose.
                guard ChildProcess.poll(timeout: 120, { FileManager.default.fileExists(atPath: x.path) }) else {
                    child.send(SIGKILL)
                    Issue.record("no first save: \(child.wait())")
                    return
                }
            }
            // The moment of the kill is drawn at random: 60–400 ms after the start.
            usleep(UInt32(60_000 + g.nextIndex(below: 340_000)))
            if i % 2 == 1 {
                // Every other kill aims at a write: it waits until a temporary
                // file shows up (a save has begun) and kills at once.
                guard ChildProcess.poll(timeout: 60, { !CheckpointFiles.temporaries(for: x).isEmpty }) else {
                    child.send(SIGKILL)
                    Issue.record("kill \(i): no save began: \(child.wait())")
                    return
                }
            }
            child.send(SIGKILL)
            let r = child.wait()
            #expect(r.signal == SIGKILL, "kill \(i): the run ended by itself: \(r.stderr)")

            let leftovers = Set(CheckpointFiles.temporaries(for: x))
            if !leftovers.isEmpty { midWrite += 1 }
            for name in leftovers where (try? Checkpoint.decode(Data(contentsOf: dir.appendingPathComponent(name)))) == nil {
                partial += 1
            }
            // Without the clean-up at start they would pile up, one per mid-write kill.
            #expect(leftovers.count <= 1, "kill \(i): \(leftovers)")
            mostLeftovers = max(mostLeftovers, leftovers.count)
            if FileManager.default.fileExists(atPath: x.path) {
                // Decoded from the bytes, so the test itself removes nothing.
                let ck = try #require(try? Checkpoint.decode(Data(contentsOf: x)), "kill \(i): the checkpoint does not load")
                loadable += 1
                #expect(ck.progress.epoch >= (epochs.last ?? 0), "kill \(i): the run went back from epoch \(epochs.last ?? 0) to \(ck.progress.epoch)")
                epochs.append(ck.progress.epoch)
            } else {
                #expect(!existed, "kill \(i): the checkpoint disappeared")
            }
            // A run that got as far as saving has started up, and a start
            // removes what earlier killed runs left.
            if CheckpointFiles.inode(x) != inodeBefore, !previousLeftovers.isEmpty {
                #expect(previousLeftovers.isDisjoint(with: leftovers), "kill \(i): leftovers of the previous kill survived a start")
                cleanupsSeen += 1
            }
            previousLeftovers = leftovers
        }
        #expect(loadable == kills, "only \(loadable) of \(kills) kills left a checkpoint")
        #expect(midWrite > 0, "no kill landed inside a write")
        #expect(epochs.last ?? 0 > 0)

        // The next start (a resume that has nothing left to train, then saves)
        // removes every leftover and keeps the run.
        let last = try Checkpoint.decode(Data(contentsOf: x))
        let r = try ChildProcess.run(["train", "--resume", x.path, "--epochs", "0", "--save", x.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(CheckpointFiles.temporaries(for: x).isEmpty)
        let after = try Checkpoint.read(from: x)
        #expect(after.params == last.params && after.progress == last.progress)
        print("[reliability] kill -9 during saves: \(kills) kills, \(midWrite) left a temporary file (mid-write; \(partial) of them "
            + "incomplete), \(loadable)/\(kills) left a checkpoint and every one loaded, "
            + "at most \(mostLeftovers) leftover at a time, leftovers of the previous kill seen removed by the next start "
            + "\(cleanupsSeen) times, none left after the final start; epochs reached \(epochs.last ?? 0), never going back")
    }
}
