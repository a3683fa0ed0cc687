/// Why a checkpoint could not be read or written; each case reads as one clear line.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    /// What a checksum covers: the tensors, or charrnn's metadata entries.
    public enum Checked: String, Sendable {
        case data
        case metadata
    }

    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    case truncated(String)
    case badHeader(String)
    case unsupportedDType(tensor: String, dtype: String)
    case checksumMismatch(Checked, expected: String, actual: String)
    case missingTensor(String)
    case wrongShape(name: String, expected: [Int], actual: [Int])
    case badMetadata(String)
    /// Tensors that no model charrnn knows explains (names, shapes, gates).
    case unrecognised(String)
    case vocabularyMismatch(String)
    /// A file without a vocabulary, and none to fall back on.
    case noVocabulary(String)
    /// A model that the requested form cannot express.
    case notConvertible(String)
    /// Wraps another error with the file it concerns.
    indirect case inFile(path: String, CheckpointError)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read checkpoint '\(path)': \(reason)"
        case .unwritable(let path, let reason): "cannot save checkpoint '\(path)': \(reason)"
        case .truncated(let what): "truncated: \(what)"
        case .badHeader(let what): "not a valid safetensors file: \(what)"
        case .unsupportedDType(let tensor, let dtype):
            "valid safetensors file, unsupported dtype \(dtype) (tensor \(tensor)); charrnn reads F32, F16, BF16 and F64"
        case .checksumMismatch(.data, let expected, let actual):
            "data check failed: the tensors hash to \(actual) but the file records \(expected) (the tensor data is corrupt or was changed)"
        case .checksumMismatch(.metadata, let expected, let actual):
            "metadata check failed: charrnn's metadata hashes to \(actual) but the file records \(expected) (it is corrupt or was changed)"
        case .missingTensor(let name): "tensor \(name) is missing"
        case .wrongShape(let name, let expected, let actual): "tensor \(name) has shape \(actual), expected \(expected)"
        case .badMetadata(let what): "bad metadata: \(what)"
        case .unrecognised(let what): "not a model charrnn can open: \(what)"
        case .vocabularyMismatch(let what): "vocabulary does not match the corpus: \(what)"
        case .noVocabulary(let what): "no vocabulary: \(what)"
        case .notConvertible(let what): "cannot be written in that form: \(what)"
        case .inFile(let path, let inner): "checkpoint '\(path)': \(inner)"
        }
    }
}
