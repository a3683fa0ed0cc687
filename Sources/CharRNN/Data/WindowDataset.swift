/// d2l's `TimeMachine` examples: stride-1 windows of `numSteps + 1` tokens.
///
/// Window `i` is `ids[i ... i + numSteps]`: X = its first `numSteps` tokens, Y its
/// last `numSteps`. Windows `0..<numTrain` train, `numTrain..<numTrain + numVal`
/// validate. Invariant: `numTrain + numVal <= ids.count - numSteps`.
public struct WindowDataset: Sendable {
    public let ids: [Int32]
    public let numSteps: Int
    public let numTrain: Int
    public let numVal: Int

    public init(ids: [Int32], numSteps: Int, numTrain: Int, numVal: Int) throws(ConfigurationError) {
        guard numSteps > 0 else { throw .nonPositive("num-steps", numSteps) }
        guard numTrain > 0 else { throw .nonPositive("num-train", numTrain) }
        guard numVal >= 0 else { throw .negative("num-val", numVal) }
        let windows = max(0, ids.count - numSteps)
        guard numTrain + numVal <= windows else {
            throw .corpusTooShort(tokens: ids.count, windows: windows, numSteps: numSteps, needed: numTrain + numVal)
        }
        self.ids = ids
        self.numSteps = numSteps
        self.numTrain = numTrain
        self.numVal = numVal
    }

    /// The starts of the training windows of one epoch, split into minibatches.
    ///
    /// `order` is a permutation of `0..<numTrain`; the last batch may be partial.
    public static func batches(of order: [Int], batchSize: Int) -> [ArraySlice<Int>] {
        stride(from: 0, to: order.count, by: batchSize).map { order[$0..<min($0 + batchSize, order.count)] }
    }

    /// The validation windows' starts in order, split into minibatches.
    public func validationBatches(batchSize: Int) -> [ArraySlice<Int>] {
        WindowDataset.batches(of: Array(numTrain..<(numTrain + numVal)), batchSize: batchSize)
    }

    /// The number of training minibatches an epoch: ⌈numTrain / batchSize⌉.
    public func batchesPerEpoch(batchSize: Int) -> Int { (numTrain + batchSize - 1) / batchSize }
}
