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
    /// The text the model generated at the end of the epoch, when the run took
    /// a sample there (`--sample-every`; see `TrainingSample`): the prefix and
    /// the characters after it.
    public var sample: String?

    public init(
        epoch: Int, step: Int, trainLoss: Double, valLoss: Double?, tokensPerSecond: Double, elapsedSeconds: Double, sample: String? = nil
    ) {
        self.epoch = epoch
        self.step = step
        self.trainLoss = trainLoss
        self.trainPerplexity = Foundation.exp(trainLoss)
        self.valLoss = valLoss
        self.valPerplexity = valLoss.map { Foundation.exp($0) }
        self.tokensPerSecond = tokensPerSecond
        self.elapsedSeconds = elapsedSeconds
        self.sample = sample
    }

    enum CodingKeys: String, CodingKey {
        case epoch, step, sample
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
            + "\"tokens_per_s\":\(num(tokensPerSecond)),\"elapsed_s\":\(num(elapsedSeconds))"
            + (sample.map { ",\"sample\":\(Safetensors.jsonString($0))" } ?? "") + "}"
    }

    /// The records of a JSON Lines metrics file (`--metrics`), e.g. to compare
    /// runs. Blank lines are skipped; a loss written as `null` (a diverged
    /// epoch) becomes NaN for training and nil for validation; a missing step,
    /// speed or time becomes 0. Throws the first line (from 1) that is not a record.
    public static func parseLines(_ text: String) throws(MetricsLineError) -> [EpochMetrics] {
        let decoder = JSONDecoder()
        var out: [EpochMetrics] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.allSatisfy(\.isWhitespace) {
            guard let r = try? decoder.decode(Record.self, from: Data(line.utf8)) else { throw MetricsLineError(line: number + 1) }
            out.append(EpochMetrics(
                epoch: r.epoch, step: r.step ?? 0, trainLoss: r.trainLoss ?? .nan, valLoss: r.valLoss,
                tokensPerSecond: r.tokensPerSecond ?? 0, elapsedSeconds: r.elapsedSeconds ?? 0, sample: r.sample))
        }
        return out
    }

    /// A metrics line, with the losses allowed to be null.
    private struct Record: Decodable {
        var epoch: Int
        var step: Int?
        var trainLoss: Double?
        var valLoss: Double?
        var tokensPerSecond: Double?
        var elapsedSeconds: Double?
        var sample: String?

        enum CodingKeys: String, CodingKey {
            case epoch, step, sample
            case trainLoss = "train_loss", valLoss = "val_loss", tokensPerSecond = "tokens_per_s", elapsedSeconds = "elapsed_s"
        }

        /// `train_loss` must be there, even if null: a line without it is no epoch record.
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            guard c.contains(.trainLoss) else {
                throw DecodingError.keyNotFound(CodingKeys.trainLoss, .init(codingPath: [], debugDescription: "no train_loss"))
            }
            epoch = try c.decode(Int.self, forKey: .epoch)
            step = try c.decodeIfPresent(Int.self, forKey: .step)
            trainLoss = try c.decodeIfPresent(Double.self, forKey: .trainLoss)
            valLoss = try c.decodeIfPresent(Double.self, forKey: .valLoss)
            tokensPerSecond = try c.decodeIfPresent(Double.self, forKey: .tokensPerSecond)
            elapsedSeconds = try c.decodeIfPresent(Double.self, forKey: .elapsedSeconds)
            sample = try c.decodeIfPresent(String.self, forKey: .sample)
        }
    }
}

/// A line of a metrics file that is not an epoch record.
public struct MetricsLineError: Error, Equatable {
    /// The line, counted from 1.
    public let line: Int
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
