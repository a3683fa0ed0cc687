import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a corpus file: bytes in, validated UTF-8 text out.
public enum CorpusFile {
    /// Reads the whole file at `url` as UTF-8 text.
    ///
    /// Throws `CorpusError.missing` / `.unreadable` / `.isDirectory` when the
    /// file cannot be read, `.empty` for a zero-byte file and `.notUTF8` (with
    /// the byte offset of the first ill-formed sequence) for anything that is
    /// not well-formed UTF-8. A UTF-8 byte order mark is kept as U+FEFF.
    public static func readText(at url: URL) throws -> String {
        let data = try readBytes(at: url, source: nil)
        let path = displayPath(url)
        guard !data.isEmpty else { throw CorpusError.empty(path: path) }
        let defect = data.withUnsafeBytes { raw in
            firstUTF8Defect(in: raw.bindMemory(to: UInt8.self))
        }
        if let defect { throw CorpusError.notUTF8(path: path, defect: defect) }
        return String(decoding: data, as: UTF8.self)
    }

    /// The first ill-formed UTF-8 sequence in `bytes`, or `nil`.
    ///
    /// Well-formed means exactly the sequences of Unicode's table 3-7: no
    /// stray continuation bytes, no 0xC0/0xC1/0xF5–0xFF, no overlong forms,
    /// no surrogates (U+D800–U+DFFF), nothing above U+10FFFF and no sequence
    /// cut short.
    public static func firstUTF8Defect(in bytes: UnsafeBufferPointer<UInt8>) -> UTF8Defect? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var i = 0
        while i < count {
            // ASCII fast path, eight bytes at a time.
            while i &+ 8 <= count {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i &+= 8
            }
            guard i < count else { break }
            let lead = base[i]
            if lead < 0x80 {
                i &+= 1
                continue
            }

            // Number of continuation bytes, the allowed range of the first
            // one, and what a byte outside that range means.
            let trailing: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            var outOfRange = UTF8Defect.Kind.truncated
            switch lead {
            case 0x80...0xBF:
                return UTF8Defect(offset: i, bytes: [lead], kind: .unexpectedContinuation)
            case 0xC0, 0xC1:
                return UTF8Defect(offset: i, bytes: [lead], kind: .overlong)
            case 0xC2...0xDF:
                trailing = 1
            case 0xE0:
                trailing = 2; low = 0xA0; outOfRange = .overlong
            case 0xED:
                trailing = 2; high = 0x9F; outOfRange = .surrogate
            case 0xE1...0xEF:
                trailing = 2
            case 0xF0:
                trailing = 3; low = 0x90; outOfRange = .overlong
            case 0xF1...0xF3:
                trailing = 3
            case 0xF4:
                trailing = 3; high = 0x8F; outOfRange = .aboveMaximum
            default:
                return UTF8Defect(offset: i, bytes: [lead], kind: .invalidByte)
            }

            for k in 1...trailing {
                guard i &+ k < count else {
                    return UTF8Defect(offset: i, bytes: Array(bytes[i..<count]), kind: .truncatedAtEnd)
                }
                let next = base[i &+ k]
                let sequence = { Array(bytes[i...(i + k)]) }
                if next & 0xC0 != 0x80 {
                    return UTF8Defect(offset: i, bytes: sequence(), kind: .truncated)
                }
                if k == 1 && (next < low || next > high) {
                    return UTF8Defect(offset: i, bytes: sequence(), kind: outOfRange)
                }
            }
            i &+= trailing &+ 1
        }
        return nil
    }

    // MARK: - Shared with the locator

    /// The file's bytes, with file-system failures turned into `CorpusError`.
    static func readBytes(at url: URL, source: String?) throws -> Data {
        let path = displayPath(url)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw CorpusError.missing(path: path, source: source)
        }
        if isDirectory.boolValue {
            throw CorpusError.isDirectory(path: path, source: source)
        }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw CorpusError.unreadable(path: path, reason: reason(for: error))
        }
    }

    /// How a file URL is shown in messages.
    static func displayPath(_ url: URL) -> String {
        url.isFileURL ? url.path : url.absoluteString
    }

    /// A short, lowercase reason for a Foundation file error ("permission
    /// denied") rather than Foundation's generic sentence when possible.
    static func reason(for error: any Error) -> String {
        if let posix = error as? POSIXError {
            return errnoDescription(posix.code.rawValue)
        }
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain {
            return errnoDescription(Int32(nsError.code))
        }
        // Foundation wraps the system's error; on Linux the wrapped value is
        // not always bridged to NSError, so unwrap it as a plain Error.
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? any Error {
            let underlyingError = underlying as NSError
            if underlying is POSIXError || underlyingError.domain == NSPOSIXErrorDomain {
                return reason(for: underlying)
            }
        }
        return nsError.localizedDescription
    }

    static func errnoDescription(_ code: Int32) -> String {
        guard let message = strerror(code) else { return "error \(code)" }
        return String(cString: message).lowercased()
    }
}
