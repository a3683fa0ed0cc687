import Foundation

/// The bytes a training run will allocate, estimated from its configuration
/// before anything large is allocated, and checked against the machine.
///
/// Each option is bounded on its own (`TrainingConfig.maxHidden`, …), but
/// their product is what the run allocates: `--hidden 8192 --layers 64` is
/// 34 GB of weights. Counted, in float32:
/// - weights: parameters P, their gradient, the published snapshot and the
///   sampler's packed copy (4 P);
/// - optimiser state: one P per slot (momentum 1, Adam 2);
/// - activations: the forward caches and backward buffers of a minibatch,
///   2 × rows × steps × layers × H × (gates + 2), plus the logits and their
///   gradient, 2 × rows × steps × V;
/// - corpus: one id a token, and a start a window (8 bytes).
public struct MemoryEstimate: Sendable {
    public struct Part: Sendable {
        public var name: String
        /// The options whose product the part grows with, as the user spells them.
        public var factors: String
        public var bytes: Double
    }

    public var parts: [Part]
    public var total: Double { parts.reduce(0) { $0 + $1.bytes } }
    public var largest: Part { parts.max { $0.bytes < $1.bytes }! }  // parts is never empty (see `init`)

    public init(config: TrainingConfig, vocabularySize: Int, corpusTokens: Int) {
        let model = config.model(vocabularySize: vocabularySize)
        let p = Double(model.layout.count)
        let rows = Double(min(config.batchSize, max(config.numTrain, config.numVal)))
        let steps = Double(config.numSteps), h = Double(config.hidden), layers = Double(config.layers)
        let gates = Double(config.cell.gates)
        let slots = Double(config.optimizer.slotNames.count)
        let sizes = "--hidden \(config.hidden) --layers \(config.layers)"
        parts = [
            Part(name: "weights", factors: sizes, bytes: 4 * 4 * p),
            Part(name: "optimiser state", factors: sizes + " --optimizer \(config.optimizer.rawValue)", bytes: 4 * slots * p),
            Part(name: "activations", factors: "--batch-size \(config.batchSize) × --num-steps \(config.numSteps) × --layers \(config.layers) × --hidden \(config.hidden)",
                 bytes: 4 * 2 * rows * steps * (layers * h * (gates + 2) + Double(vocabularySize))),
            Part(name: "corpus", factors: "\(corpusTokens) tokens, --num-train \(config.numTrain) --num-val \(config.numVal)",
                 bytes: 4 * Double(corpusTokens) + 8 * Double(config.numTrain + config.numVal)),
        ]
    }

    /// The machine's physical memory in bytes.
    public static var physicalMemory: Double { Double(ProcessInfo.processInfo.physicalMemory) }

    /// Throws `.tooLarge` naming the estimate and its largest part when it exceeds `limit`.
    public func check(limit: Double = MemoryEstimate.physicalMemory) throws(ConfigurationError) {
        guard total > limit else { return }
        let big = largest
        throw .tooLarge("this configuration needs about \(Self.format(total)) of memory, more than this machine's \(Self.format(limit)); "
            + "the largest part is the \(big.name), \(Self.format(big.bytes)) (\(big.factors))")
    }

    /// `34.4 GB`.
    static func format(_ bytes: Double) -> String {
        let units = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB"]
        var value = bytes, unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(Int(value)) bytes" : String(format: "%.1f %@", value, units[unit])
    }
}
