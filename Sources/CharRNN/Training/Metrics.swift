import Foundation

/// What one epoch measured: the `--metrics` JSON Lines record.
///
/// `trainLoss` is the token-weighted mean of the epoch's minibatch losses (each
/// taken before its update); `valLoss` the mean over all validation windows
/// after the epoch. Perplexities are exp of the losses.
public struct EpochMetrics: Hashable, Sendable, Codable {
    public var epoch: Int
    public var step: Int
    public var trainLoss: Double
    public var trainPerplexity: Double
    public var valLoss: Double?
    public var valPerplexity: Double?
    public var tokensPerSecond: Double
    public var elapsedSeconds: Double

    public init(epoch: Int, step: Int, trainLoss: Double, valLoss: Double?, tokensPerSecond: Double, elapsedSeconds: Double) {
        self.epoch = epoch
        self.step = step
        self.trainLoss = trainLoss
        self.trainPerplexity = Foundation.exp(trainLoss)
        self.valLoss = valLoss
        self.valPerplexity = valLoss.map { Foundation.exp($0) }
        self.tokensPerSecond = tokensPerSecond
        self.elapsedSeconds = elapsedSeconds
    }

    enum CodingKeys: String, CodingKey {
        case epoch, step
        case trainLoss = "train_loss", trainPerplexity = "train_ppl"
        case valLoss = "val_loss", valPerplexity = "val_ppl"
        case tokensPerSecond = "tokens_per_s", elapsedSeconds = "elapsed_s"
    }

    /// One JSON object on one line, keys in a fixed order.
    public var jsonLine: String {
        func num(_ x: Double?) -> String {
            guard let x else { return "null" }
            return x.isFinite ? "\(x)" : "null"
        }
        return "{\"epoch\":\(epoch),\"step\":\(step),\"train_loss\":\(num(trainLoss)),\"train_ppl\":\(num(trainPerplexity)),"
            + "\"val_loss\":\(num(valLoss)),\"val_ppl\":\(num(valPerplexity)),"
            + "\"tokens_per_s\":\(num(tokensPerSecond)),\"elapsed_s\":\(num(elapsedSeconds))}"
    }

    /// Parses a JSON Lines metrics file (e.g. for comparing runs).
    public static func parseLines(_ text: String) throws -> [EpochMetrics] {
        let decoder = JSONDecoder()
        return try text.split(whereSeparator: \.isNewline).map { try decoder.decode(EpochMetrics.self, from: Data($0.utf8)) }
    }
}

/// What one optimiser step measured.
public struct StepReport: Hashable, Sendable {
    /// Completed epochs before this step, the 0-based batch index within the epoch, batches per epoch.
    public var epoch: Int, batch: Int, batchesPerEpoch: Int
    /// Minibatches processed so far, including this one.
    public var step: Int
    /// Mean loss of the batch (before the update).
    public var loss: Double
    /// Global gradient norm before clipping.
    public var gradientNorm: Double
    public var clipped: Bool
    /// Whether the update was skipped because the loss or gradient was not finite.
    public var skipped: Bool
    public var tokens: Int
    public var elapsedSeconds: Double
}
