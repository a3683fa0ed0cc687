import Foundation

/// Everything that can go wrong while finding or reading the corpus. Each
/// description is one line meant to be shown to the user as is.
public enum CorpusError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A path the user named (`--corpus`, `$CHARRNN_CORPUS`), or a path
    /// handed to `CorpusFile.readText`, does not exist. `source` says who
    /// named it, when known.
    case missing(path: String, source: String?)
    /// The path exists but could not be read.
    case unreadable(path: String, reason: String)
    /// The path is a directory, not a text file.
    case isDirectory(path: String, source: String?)
    /// The file has no bytes.
    case empty(path: String)
    /// The file is not valid UTF-8.
    case notUTF8(path: String, defect: UTF8Defect)
    /// The path is a device, FIFO or socket: a stream that may never end.
    case notRegular(path: String, kind: String)
    /// The file holds (or grew to) more than `CorpusLoader.maxBytes`.
    case tooLarge(path: String, limit: Int)
    /// The built-in Time Machine does not have d2l's SHA-1 (a damaged install).
    case checksumMismatch(path: String, expected: String, actual: String)

    public var description: String {
        switch self {
        case let .missing(path, source):
            return "corpus '\(path)'\(Self.given(by: source)) does not exist"
        case let .unreadable(path, reason):
            return "cannot read corpus '\(path)': \(reason)"
        case let .isDirectory(path, source):
            return "corpus '\(path)'\(Self.given(by: source)) is a directory, not a text file"
        case let .empty(path):
            return "corpus '\(path)' is empty"
        case let .notUTF8(path, defect):
            return "corpus '\(path)' is not UTF-8: \(defect)"
        case let .notRegular(path, kind):
            return "corpus '\(path)' is a \(kind), not a regular file"
        case let .tooLarge(path, limit):
            return "corpus '\(path)' is larger than \(limit >> 30) GiB, the most charrnn reads"
        case let .checksumMismatch(path, expected, actual):
            return "the built-in corpus '\(path)' has SHA-1 \(actual), but The Time Machine's is \(expected);"
                + " reinstall charrnn, or pass --corpus PATH or set \(CorpusLocator.environmentVariable) to use another file"
        }
    }

    private static func given(by source: String?) -> String {
        source.map { " (from \($0))" } ?? ""
    }
}

/// The first ill-formed sequence in a byte buffer that should be UTF-8.
///
/// `offset` is the offset of the first byte of the ill-formed sequence: the
/// stray byte itself, or the lead byte of a multi-byte sequence that turned
/// out to be overlong, a surrogate, above U+10FFFF or cut short (the same
/// position Python's `UnicodeDecodeError.start` reports).
public struct UTF8Defect: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// 0x80–0xBF where a character should start.
        case unexpectedContinuation
        /// 0xF5–0xFF: never appears in UTF-8.
        case invalidByte
        /// 0xC0/0xC1 lead, or 0xE0 0x80–0x9F, or 0xF0 0x80–0x8F.
        case overlong
        /// 0xED 0xA0–0xBF: a UTF-16 surrogate (U+D800–U+DFFF).
        case surrogate
        /// 0xF4 0x90–0xBF: beyond U+10FFFF.
        case aboveMaximum
        /// A multi-byte sequence interrupted by a byte that is not a
        /// continuation byte (the last element of `bytes`).
        case truncated
        /// A multi-byte sequence cut short by the end of the data.
        case truncatedAtEnd
    }

    /// Offset of the first byte of the ill-formed sequence.
    public var offset: Int
    /// The ill-formed sequence, from its first byte through the byte that
    /// made it ill-formed (for `.truncated`, the interrupting byte is last).
    public var bytes: [UInt8]
    public var kind: Kind

    public init(offset: Int, bytes: [UInt8], kind: Kind) {
        self.offset = offset
        self.bytes = bytes
        self.kind = kind
    }

    /// The byte at `offset`.
    public var byte: UInt8 { bytes.first ?? 0 }

    public var description: String {
        "invalid byte \(Self.hex(byte)) at offset \(offset) (\(detail))"
    }

    private var detail: String {
        let sequence = bytes.map(Self.hex).joined(separator: " ")
        switch kind {
        case .unexpectedContinuation:
            return "continuation byte without a lead byte"
        case .invalidByte:
            return "this byte never appears in UTF-8"
        case .overlong:
            return bytes.count == 1 ? "lead byte of an overlong encoding" : "overlong encoding \(sequence)"
        case .surrogate:
            return "UTF-16 surrogate \(sequence)"
        case .aboveMaximum:
            return "code point above U+10FFFF \(sequence)"
        case .truncated:
            let head = bytes.dropLast().map(Self.hex).joined(separator: " ")
            return "incomplete sequence \(head) followed by \(Self.hex(bytes.last ?? 0))"
        case .truncatedAtEnd:
            return "incomplete sequence \(sequence) at end of file"
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
