import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a corpus file in chunks: validates UTF-8, hashes, and tokenises it
/// without ever holding the text as a `String`.
///
/// Only a regular file of at most `maxBytes` (4 GiB) is read: a device, FIFO
/// or socket, or a file that grows past the bound while it is read, is a
/// `CorpusError`. Between chunks (4 MB) and every million tokens while
/// tokenising, an `Interruption` request ends the load with `Interrupted`.
///
/// Memory: the token ids (4 bytes a token) plus one chunk, so a 100 MB text
/// needs about 400 MB for ASCII and less for multi-byte text (one id per
/// Unicode scalar). The scalars are decoded into the id array and then
/// replaced in place by their vocabulary indices.
public enum CorpusLoader {
    /// The largest corpus read: 4 GiB (16 GiB of token ids).
    public static let maxBytes = 4 << 30

    /// Loads `url` under `mode`; `progress` is called with the fraction read (0…1).
    ///
    /// Throws `CorpusError` for a missing, unreadable or empty file and for
    /// ill-formed UTF-8 (with the byte offset of the first bad sequence).
    public static func load(url: URL, mode: TextMode, chunkSize: Int = 4 << 20, progress: ((Double) -> Void)? = nil) throws -> (corpus: Corpus, sha1: String) {
        let path = url.path
        // Non-blocking, so that opening a FIFO returns at once and is refused.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            throw errno == ENOENT ? CorpusError.missing(path: path, source: nil)
                : CorpusError.unreadable(path: path, reason: CorpusFile.errnoDescription(errno))
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        let total = try regularFileSize(fd, path: path)
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        var sha = SHA1()
        var scalars: [Int32] = []  // Unicode scalar values, then (in place) token ids
        scalars.reserveCapacity(total)
        var pending: [UInt8] = []  // an incomplete sequence carried to the next chunk
        var offset = 0  // file offset of pending[0]
        var lettersGap = false
        var read = 0
        while true {
            try Interruption.throwIfRequested()
            let chunk: Data
            do { chunk = try handle.read(upToCount: chunkSize) ?? Data() } catch {
                throw CorpusError.unreadable(path: path, reason: "\(error.localizedDescription)")
            }
            let atEnd = chunk.isEmpty
            sha.update(chunk)
            read += chunk.count
            guard read <= maxBytes else { throw CorpusError.tooLarge(path: path, limit: maxBytes) }
            var bytes = pending
            bytes.append(contentsOf: chunk)
            let complete = atEnd ? bytes.count : UTF8Chunks.completePrefixLength(bytes)
            try bytes.withUnsafeBufferPointer { all in
                let part = UnsafeBufferPointer(rebasing: all[0..<complete])
                if var defect = CorpusFile.firstUTF8Defect(in: part) {
                    defect.offset += offset
                    throw CorpusError.notUTF8(path: path, defect: defect)
                }
                switch mode {
                case .raw: decodeScalars(part, into: &scalars)
                case .letters: appendLetters(part, into: &scalars, gap: &lettersGap)
                }
            }
            pending = Array(bytes[complete...])
            offset += complete
            if let progress, total > 0 { progress(min(1, Double(read) / Double(total))) }
            if atEnd { break }
        }
        guard read > 0 else { throw CorpusError.empty(path: path) }
        let vocabulary = try tokenise(&scalars)
        return (Corpus(mode: mode, vocabulary: vocabulary, ids: scalars), sha.hexDigest())
    }

    /// The size of the open file `fd`; throws unless it is a regular file within `maxBytes`.
    static func regularFileSize(_ fd: Int32, path: String) throws(CorpusError) -> Int {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFREG else { throw .notRegular(path: path, kind: kind == S_IFDIR ? "directory" : FileKind.name(of: info.st_mode)) }
        guard Int(info.st_size) <= maxBytes else { throw .tooLarge(path: path, limit: maxBytes) }
        return Int(info.st_size)
    }

    /// Appends the Unicode scalars of well-formed UTF-8 `bytes`.
    static func decodeScalars(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [Int32]) {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = Int32(bytes[i])
            if b < 0x80 {
                out.append(b)
                i += 1
            } else if b < 0xE0 {
                out.append((b & 0x1F) << 6 | Int32(bytes[i + 1] & 0x3F))
                i += 2
            } else if b < 0xF0 {
                out.append((b & 0x0F) << 12 | Int32(bytes[i + 1] & 0x3F) << 6 | Int32(bytes[i + 2] & 0x3F))
                i += 3
            } else {
                out.append((b & 0x07) << 18 | Int32(bytes[i + 1] & 0x3F) << 12 | Int32(bytes[i + 2] & 0x3F) << 6 | Int32(bytes[i + 3] & 0x3F))
                i += 4
            }
        }
    }

    /// d2l's letters-only preprocessing over a chunk (see `TextMode.lettersOnly`);
    /// `gap` carries "inside a run of non-letters" across chunks.
    static func appendLetters(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [Int32], gap: inout Bool) {
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                out.append(Int32(byte))
                gap = false
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                out.append(Int32(byte + 32))
                gap = false
            default:
                if !gap { out.append(0x20) }
                gap = true
            }
        }
    }

    /// Builds the vocabulary of `ids` (Unicode scalar values) and replaces each
    /// scalar by its index, in place.
    static func tokenise(_ ids: inout [Int32]) throws(Interrupted) -> Vocabulary {
        var ascii = [Bool](repeating: false, count: 128)
        var others = Set<Int32>()
        for (k, s) in ids.enumerated() {
            if k & 0xFFFFF == 0 { try Interruption.throwIfRequested() }
            if s < 128 { ascii[Int(s)] = true } else { others.insert(s) }
        }
        let tokens = (0..<128).filter { ascii[$0] }.map { String(UnicodeScalar(UInt8($0))) }
            + others.map { String(UnicodeScalar(UInt32($0))!) }
        let vocabulary = Vocabulary(corpusTokens: tokens)
        var asciiID = [Int32](repeating: 0, count: 128)
        for i in 0..<128 where ascii[i] { asciiID[i] = Int32(vocabulary.index(of: UnicodeScalar(UInt8(i)))) }
        var otherID: [Int32: Int32] = [:]
        for s in others { otherID[s] = Int32(vocabulary.index(of: UnicodeScalar(UInt32(s))!)) }
        ids.withUnsafeMutableBufferPointer { p in
            for i in p.indices { p[i] = p[i] < 128 ? asciiID[Int(p[i])] : otherID[p[i]]! }
        }
        return vocabulary
    }
}
