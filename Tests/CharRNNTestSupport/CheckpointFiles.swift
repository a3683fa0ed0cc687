import CharRNN
import Foundation

/// Looking inside checkpoint files, and making damaged or altered ones, for tests.
public enum CheckpointFiles {
    /// The 8-byte header length N of a safetensors file (the data starts at 8 + N).
    public static func headerLength(_ data: Data) -> Int {
        data.prefix(8).enumerated().reduce(0) { $0 | (Int($1.element) << (8 * $1.offset)) }
    }

    /// The raw tensor bytes: everything after the header.
    public static func tensorBytes(_ data: Data) -> Data {
        data.subdata(in: (8 + headerLength(data))..<data.count)
    }

    /// The metadata entries of a safetensors file.
    public static func metadata(_ data: Data) throws -> [String: String] {
        try Safetensors.decode(data).metadata
    }

    /// `data` with its tensors and metadata changed by `edit` and both checksums
    /// recomputed, so only the edit is wrong.
    public static func reencoded(_ data: Data, edit: (inout [StoredTensor], inout [String: String]) -> Void) throws -> Data {
        var (tensors, meta) = try Safetensors.decode(data)
        edit(&tensors, &meta)
        return Safetensors.encode(tensors: tensors, metadata: CheckpointIntegrity.sealed(meta, tensors: tensors))
    }

    /// The `.NAME.tmp-*` files an interrupted save of `url` can leave, by name.
    public static func temporaries(for url: URL) -> [String] {
        let prefix = ".\(url.lastPathComponent).tmp-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)) ?? []
        return names.filter { $0.hasPrefix(prefix) }.sorted()
    }

    /// The inode of `url`, or nil when it does not exist; a save replaces it.
    public static func inode(_ url: URL) -> UInt64? {
        (try? FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? NSNumber)?.uint64Value
    }
}
