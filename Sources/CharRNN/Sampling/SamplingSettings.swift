import Foundation

/// How the next character is chosen from the model's distribution.
public struct SamplingSettings: Hashable, Sendable, Codable {
    /// Take the most likely character (d2l's `predict`); the other settings are ignored.
    public var greedy = false
    /// Divides the logits; below 1 sharpens, above 1 flattens. Must be > 0.
    public var temperature: Double = 1
    /// Keep only the k most likely characters; 0 keeps all.
    public var topK = 0
    /// Keep the smallest set of most likely characters whose probability reaches p; 1 keeps all.
    public var topP: Double = 1

    public init(greedy: Bool = false, temperature: Double = 1, topK: Int = 0, topP: Double = 1) {
        self.greedy = greedy
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
    }

    public static let greedy = SamplingSettings(greedy: true)

    /// Checks the values; the error names the option.
    public func validate() throws(ConfigurationError) {
        guard temperature.isFinite, temperature > 0 else {
            throw .invalidValue("temperature", "must be a finite number > 0, got \(temperature)")
        }
        guard topK >= 0 else { throw .negative("top-k", topK) }
        guard topP.isFinite, topP > 0, topP <= 1 else { throw .invalidValue("top-p", "must be in (0, 1], got \(topP)") }
    }

    /// The distribution to draw from: softmax(logits / temperature), cut to the
    /// top k and then to the top-p nucleus, renormalised. (V) → (V)
    public func samplingDistribution(logits: [Float]) -> [Double] {
        let z = logits.map { Double($0) / temperature }
        let m = z.max() ?? 0
        var p = z.map { exp($0 - m) }
        // Indices by decreasing probability, ties by increasing index.
        let order = p.indices.sorted { (a: Int, b: Int) -> Bool in
            if p[a] != p[b] { return p[a] > p[b] }
            return a < b
        }
        var keep = order.count
        if topK > 0 { keep = min(keep, topK) }
        if topP < 1 {
            let total = p.reduce(0, +)
            var cumulative = 0.0
            for (rank, i) in order.prefix(keep).enumerated() {
                cumulative += p[i] / total
                if cumulative >= topP {
                    keep = rank + 1
                    break
                }
            }
        }
        for i in order.dropFirst(keep) { p[i] = 0 }
        let total = p.reduce(0, +)
        return p.map { $0 / total }
    }
}
