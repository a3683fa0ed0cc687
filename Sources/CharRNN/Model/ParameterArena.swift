/// A named tensor's place in a parameter arena.
public struct TensorSpec: Hashable, Sendable, Codable {
    public var name: String
    public var shape: [Int]
    public var count: Int { shape.reduce(1, *) }

    public init(_ name: String, _ shape: [Int]) {
        self.name = name
        self.shape = shape
    }
}

/// The order and offsets of named tensors in one flat allocation.
///
/// Parameters, gradients and optimiser state share one layout, so clipping,
/// zeroing, updating, checksumming and saving are each one loop over one buffer.
/// Invariant: tensors are contiguous, in `specs` order, starting at offset 0.
public struct ParameterLayout: Hashable, Sendable {
    public let specs: [TensorSpec]
    public let offsets: [Int]
    public let count: Int

    public init(_ specs: [TensorSpec]) {
        self.specs = specs
        var offsets: [Int] = []
        var total = 0
        for s in specs {
            offsets.append(total)
            total += s.count
        }
        self.offsets = offsets
        self.count = total
    }

    /// The index of the tensor called `name`, if any.
    public func index(of name: String) -> Int? { specs.firstIndex { $0.name == name } }

    /// The element range of tensor `i` in the arena.
    public func range(_ i: Int) -> Range<Int> { offsets[i]..<(offsets[i] + specs[i].count) }

    /// The element range of the tensor called `name`; traps if there is none.
    public func range(of name: String) -> Range<Int> {
        // Invariant, not input: names come from the layout; a file's names are checked by `Checkpoint.load` first.
        guard let i = index(of: name) else { preconditionFailure("no tensor named \(name)") }
        return range(i)
    }
}

/// One flat `Float` allocation holding every tensor of a `ParameterLayout`.
public struct ParameterArena: Hashable, Sendable {
    public let layout: ParameterLayout
    public var storage: [Float]

    /// An arena of zeros.
    public init(layout: ParameterLayout) {
        self.layout = layout
        self.storage = [Float](repeating: 0, count: layout.count)
    }

    public init(layout: ParameterLayout, storage: [Float]) {
        // Invariant, not input: a checkpoint's tensors are checked against the layout before an arena is made.
        precondition(storage.count == layout.count)
        self.layout = layout
        self.storage = storage
    }

    /// The values of the tensor called `name`, copied out.
    public func tensor(_ name: String) -> [Float] { Array(storage[layout.range(of: name)]) }

    /// Overwrites the tensor called `name`; `values.count` must match its size.
    public mutating func setTensor(_ name: String, _ values: [Float]) {
        let r = layout.range(of: name)
        // Invariant, not input: shapes are checked by `Checkpoint.load` before any copy.
        precondition(values.count == r.count)
        storage.replaceSubrange(r, with: values)
    }

    /// Sets every element to zero.
    public mutating func zero() {
        storage.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// The global L2 norm over every tensor.
    public var norm: Double {
        storage.withUnsafeBufferPointer { VectorOps.sumOfSquares($0.baseAddress!, count: $0.count) }.squareRoot()
    }

    /// Whether every element is finite.
    public var allFinite: Bool {
        storage.withUnsafeBufferPointer { VectorOps.allFinite($0.baseAddress!, count: $0.count) }
    }
}
