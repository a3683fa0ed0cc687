import CharRNN
import Foundation

/// Small fixed inputs for the engine's tests.
public enum Fixtures {
    /// The package's own copy of the Time Machine (`assets/timemachine.txt`).
    public static var timeMachineURL: URL {
        packageRoot.appendingPathComponent("assets/timemachine.txt")
    }

    /// The Time Machine text.
    public static func timeMachineText() throws -> String {
        try String(contentsOf: timeMachineURL, encoding: .utf8)
    }

    /// Random parameters with every entry in (−scale, scale), from a fixed seed.
    public static func randomParameters(_ config: ModelConfig, seed: UInt64, scale: Float = 0.5) -> ParameterArena {
        var g = SeededGenerator(seed: seed)
        var p = ParameterArena(layout: config.layout)
        for i in p.storage.indices { p.storage[i] = Float(g.nextUnit() * 2 - 1) * scale }
        return p
    }

    /// `count` random ids in 0..<v from a fixed seed.
    public static func randomIDs(_ count: Int, v: Int, seed: UInt64) -> [Int32] {
        var g = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Int32(g.nextIndex(below: v)) }
    }

    /// A temporary directory removed when the returned handle is dropped by the caller's `defer`.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("charrnn-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

extension Fixtures {
    /// d2l's greedy `predict(prefix, count)` with the committed model, run on
    /// the reference network in Double: what `predict` and `sample --greedy`
    /// must print (computed here, so the tests follow the asset when it is
    /// remade, and independently of the engine's sampler).
    public static func assetPrediction(_ prefix: String, _ count: Int) throws -> String {
        let ck = try Checkpoint.read(from: packageRoot.appendingPathComponent("assets/d2l-rnn.safetensors"))
        let network = ReferenceNetwork(model: ck.model, params: ck.params)
        var ids = ck.vocabulary.encode(prefix).ids
        for _ in 0..<count {
            let z = network.logits(network.states(ids).last!)
            ids.append(z.indices.max { z[$0] < z[$1] }!)  // the first of equal maxima, as numpy's argmax
        }
        return ck.vocabulary.decode(ids)
    }

    /// The package root (where `Package.swift` and `assets/` are): three levels
    /// above this file, `Tests/CharRNNTestSupport/Fixtures.swift`.
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}

extension Sampler {
    /// d2l's `predict(prefix, num_preds)`: the prefix as the vocabulary spells
    /// it, then `count` greedy characters.
    public func predict(prefix: [Int], count: Int) -> String {
        vocabulary.decode(prefix + continuation(of: prefix, count: count, settings: .greedy)!)
    }
}
