/// How raw text becomes the token sequence the model reads.
///
/// `letters` is d2l's preprocessing for the Time Machine: every run of characters
/// that are not ASCII letters becomes one space, then everything is lowercased
/// (`re.sub('[^A-Za-z]+', ' ', text).lower()`); tokens are characters.
/// `raw` keeps the text as it is; tokens are Unicode scalars.
public enum TextMode: String, Sendable, Codable, CaseIterable {
    case letters
    case raw

    /// The token sequence of `text` under this mode, as strings of one character each.
    public func tokens(of text: String) -> [String] {
        switch self {
        case .letters:
            return TextMode.lettersOnly(text).map { String(UnicodeScalar($0)) }
        case .raw:
            return text.unicodeScalars.map { String($0) }
        }
    }

    /// d2l's letters-only preprocessing over UTF-8 bytes, as ASCII bytes.
    ///
    /// Bytes of multi-byte UTF-8 sequences are never ASCII letters, so working on
    /// bytes gives exactly what the regular expression gives on characters.
    /// Invariant: the output holds only `a`…`z` and single spaces.
    public static func lettersOnly(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var inGap = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                out.append(byte)
                inGap = false
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                out.append(byte + 32)
                inGap = false
            default:
                if !inGap { out.append(UInt8(ascii: " ")) }
                inGap = true
            }
        }
        return out
    }
}
