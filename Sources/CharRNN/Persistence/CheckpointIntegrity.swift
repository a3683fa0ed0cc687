import Foundation

/// charrnn's checksums, made to survive other tools: another program may
/// reorder the tensors (`safetensors.numpy.save_file` sorts them by name), widen
/// their dtype, or add metadata entries of its own, and the file still checks.
///
/// - `charrnn.tensors_sha256`: SHA-256 over every tensor in name order (by
///   UTF-8 bytes): its name, a NUL, its shape as decimal numbers joined by `,`,
///   a NUL, then its values as little-endian float32.
/// - `charrnn.metadata_sha256`: SHA-256 over the `charrnn.`-prefixed metadata
///   entries except the two checksums, in key order: key, NUL, value, NUL.
///
/// Files of the first format (`format: charrnn/1`) carry `data_sha1` (SHA-1 of
/// the data section in file order) and `metadata_sha1` (SHA-1 of every other
/// entry); those are still checked (`verifyLegacyMetadata`, `verifyLegacyData`).
public enum CheckpointIntegrity {
    public static let prefix = "charrnn."
    public static let tensorsKey = "charrnn.tensors_sha256"
    public static let metadataKey = "charrnn.metadata_sha256"

    /// What the checks found.
    public enum Verdict: Equatable, Sendable {
        /// charrnn's checksums matched.
        case verified
        /// The file carries no charrnn checksums (another tool wrote it, or removed them).
        case unverified
    }

    public static func tensorsSHA256(_ tensors: [StoredTensor]) -> String {
        var sha = SHA256Hasher()
        for t in tensors.sorted(by: { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }) {
            sha.update("\(t.name)\u{0}\(t.shape.map(String.init).joined(separator: ","))\u{0}")
            withFloatBytes(t.values) { sha.update($0) }
        }
        return sha.hexDigest()
    }

    public static func metadataSHA256(_ meta: [String: String]) -> String {
        var sha = SHA256Hasher()
        for key in meta.keys.sorted() where key.hasPrefix(prefix) && key != tensorsKey && key != metadataKey {
            sha.update("\(key)\u{0}\(meta[key]!)\u{0}")
        }
        return sha.hexDigest()
    }

    /// `meta` with both checksums for `tensors` set.
    public static func sealed(_ meta: [String: String], tensors: [StoredTensor]) -> [String: String] {
        var m = meta
        m[tensorsKey] = tensorsSHA256(tensors)
        m[metadataKey] = metadataSHA256(m)
        return m
    }

    /// Checks charrnn's checksums when the file has either; a file with neither is `.unverified`.
    public static func verify(_ tensors: [StoredTensor], _ meta: [String: String]) throws(CheckpointError) -> Verdict {
        guard meta[tensorsKey] != nil || meta[metadataKey] != nil else { return .unverified }
        let data = tensorsSHA256(tensors)
        guard meta[tensorsKey] == data else { throw .checksumMismatch(.data, expected: meta[tensorsKey] ?? "nothing", actual: data) }
        let metadata = metadataSHA256(meta)
        guard meta[metadataKey] == metadata else {
            throw .checksumMismatch(.metadata, expected: meta[metadataKey] ?? "nothing", actual: metadata)
        }
        return .verified
    }

    // MARK: - The first format

    /// The metadata entries the first format wrote.
    static let legacyKeys: Set<String> = ["format", "vocab", "text_mode", "model", "hyperparameters", "progress", "optimizer", "corpus_sha1"]

    /// Checks the metadata of a `charrnn/1` file: as a whole, or over the first
    /// format's own entries when another tool added some.
    static func verifyLegacyMetadata(_ meta: [String: String]) throws(CheckpointError) {
        let whole = legacyMetadataSHA1(meta) { $0 != "metadata_sha1" && $0 != "data_sha1" }
        guard meta["metadata_sha1"] == whole || meta["metadata_sha1"] == legacyMetadataSHA1(meta, legacyKeys.contains) else {
            throw .checksumMismatch(.metadata, expected: meta["metadata_sha1"] ?? "nothing", actual: whole)
        }
    }

    /// Checks the data of a `charrnn/1` file: hashed as the file has it, or —
    /// for a file re-saved in another tensor order — as charrnn wrote it
    /// (`writerOrder` names the tensors in that order).
    static func verifyLegacyData(_ tensors: [StoredTensor], _ meta: [String: String], writerOrder: [String]) throws(CheckpointError) {
        guard let recorded = meta["data_sha1"] else { throw .badMetadata("no 'data_sha1' checksum") }
        let inFile = legacyDataSHA1(tensors)
        guard recorded != inFile else { return }
        let byName = Dictionary(tensors.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let ordered = writerOrder.compactMap { byName[$0] }
        guard ordered.count == tensors.count, legacyDataSHA1(ordered) == recorded else {
            throw .checksumMismatch(.data, expected: recorded, actual: inFile)
        }
    }

    static func legacyDataSHA1(_ tensors: [StoredTensor]) -> String {
        var sha = SHA1()
        for t in tensors {
            withFloatBytes(t.values) { sha.update($0) }
        }
        return sha.hexDigest()
    }

    static func legacyMetadataSHA1(_ meta: [String: String], _ include: (String) -> Bool) -> String {
        var sha = SHA1()
        for key in meta.keys.sorted() where include(key) {
            sha.update(Array("\(key)\u{0}\(meta[key]!)\u{0}".utf8))
        }
        return sha.hexDigest()
    }

    /// The little-endian bytes of `values`.
    private static func withFloatBytes(_ values: [Float], _ body: (UnsafeRawBufferPointer) -> Void) {
        #if _endian(big)
        values.map(\.bitPattern.littleEndian).withUnsafeBytes(body)
        #else
        values.withUnsafeBytes(body)
        #endif
    }
}
