import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

/// A saved checkpoint read the way the README's NumPy snippet reads it — an
/// 8-byte header length, a JSON header, raw little-endian float32 data at
/// each tensor's offsets — without the engine's own decoder.
@Suite struct CheckpointLayoutTests {
    /// Each tensor's name, shape and values as a plain reader of the format sees them, in file order.
    static func read(_ data: Data) throws -> [(name: String, shape: [Int], offsets: [Int], values: [Float])] {
        let n = CheckpointFiles.headerLength(data)
        let header = try #require(try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + n))) as? [String: Any])
        let body = data.subdata(in: (8 + n)..<data.count)
        var out: [(name: String, shape: [Int], offsets: [Int], values: [Float])] = []
        for (name, entry) in header where name != "__metadata__" {
            let fields = try #require(entry as? [String: Any])
            #expect(fields["dtype"] as? String == "F32", "\(name)")
            let shape = try #require(fields["shape"] as? [Int]), offsets = try #require(fields["data_offsets"] as? [Int])
            let values = stride(from: offsets[0], to: offsets[1], by: 4).map { i in
                Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(body[i + $1]) << (8 * $1) })
            }
            out.append((name, shape, offsets, values))
        }
        return out.sorted { $0.offsets[0] < $1.offsets[0] }
    }

    /// The weights, then each optimiser slot, then the carried state, each
    /// model's tensors in d2l's order, back to back from offset 0; every
    /// name holds that tensor's values.
    @Test(arguments: [OptimizerKind.sgd, .adam])
    func tensorsAreWhereTheirNamesSay(_ optimizer: OptimizerKind) throws {
        var config = SmallRun.config(epochs: 1)
        config.cell = .gru
        config.layers = 2
        config.optimizer = optimizer
        config.partition = .sequential
        config.batchSize = 8
        config.numTrain = 600
        if optimizer == .adam { config.learningRate = 0.01 }
        let trainer = try Trainer(config: config, corpus: try SmallRun.corpus())
        trainer.run()
        let tensors = try Self.read(RunSetup.checkpoint(of: trainer, corpusSHA1: nil).encoded())

        let specs = trainer.model.layout.specs
        var expected: [(String, [Int], [Float])] = specs.map { ($0.name, $0.shape, trainer.params.tensor($0.name)) }
        for (slot, arena) in zip(optimizer.slotNames, trainer.optimizerState.slots) {
            expected += specs.map { ("optimizer.\(slot).\($0.name)", $0.shape, arena.tensor($0.name)) }
        }
        let carry = try #require(trainer.carry)
        expected.append(("carry", [config.batchSize, carry.count / config.batchSize], carry))
        #expect(tensors.map(\.name) == expected.map(\.0))
        for (t, (name, shape, values)) in zip(tensors, expected) where t.name == name {
            #expect(t.shape == shape, "\(name)")
            #expect(t.values == values, "\(name)")
        }
        #expect(zip(tensors, tensors.dropFirst()).allSatisfy { $0.offsets[1] == $1.offsets[0] } && tensors.first?.offsets[0] == 0)
    }
}
