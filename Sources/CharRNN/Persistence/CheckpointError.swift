/// Why a checkpoint could not be read or written; each case reads as one clear line.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    case truncated(String)
    case badHeader(String)
    case checksumMismatch(expected: String, actual: String)
    case missingTensor(String)
    case wrongShape(name: String, expected: [Int], actual: [Int])
    case badMetadata(String)
    case vocabularyMismatch(String)
    /// Wraps another error with the file it concerns.
    indirect case inFile(path: String, CheckpointError)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read checkpoint '\(path)': \(reason)"
        case .unwritable(let path, let reason): "cannot save checkpoint '\(path)': \(reason)"
        case .truncated(let what): "truncated: \(what)"
        case .badHeader(let what): "not a valid safetensors file: \(what)"
        case .checksumMismatch(let expected, let actual):
            "checksum mismatch: the tensor data hashes to \(actual) but the file records \(expected) (the file is corrupt)"
        case .missingTensor(let name): "tensor \(name) is missing"
        case .wrongShape(let name, let expected, let actual): "tensor \(name) has shape \(actual), expected \(expected)"
        case .badMetadata(let what): "bad metadata: \(what)"
        case .vocabularyMismatch(let what): "vocabulary does not match the corpus: \(what)"
        case .inFile(let path, let inner): "checkpoint '\(path)': \(inner)"
        }
    }
}
