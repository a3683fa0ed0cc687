/// The tables of escape sequences `KeyDecoder` recognises.
extension KeyDecoder {
    /// The key for `ESC [ parameters final`, or nil for sequences that are not
    /// keys (mouse reports, bracketed-paste markers, private modes).
    static func csiKey(parameters: [UInt8], final: UInt8) -> Key? {
        guard let numbers = numericParameters(parameters) else { return nil }
        switch final {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return .right
        case UInt8(ascii: "D"): return .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "Z"): return .backTab
        case UInt8(ascii: "P")...UInt8(ascii: "S"): return .function(Int(final - UInt8(ascii: "P")) + 1)
        case UInt8(ascii: "~"): return tildeKey(numbers.first ?? nil)
        default: return nil
        }
    }

    /// The key for `ESC O final` (application cursor and keypad mode).
    static func ss3Key(final: UInt8) -> Key? {
        switch final {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return .right
        case UInt8(ascii: "D"): return .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "M"): return .enter
        case UInt8(ascii: "P")...UInt8(ascii: "S"): return .function(Int(final - UInt8(ascii: "P")) + 1)
        default: return nil
        }
    }

    /// The key for `ESC [ n ~` (VT220-style editing and function keys).
    private static func tildeKey(_ number: Int?) -> Key? {
        switch number {
        case 1, 7: return .home
        case 2: return .insert
        case 3: return .delete
        case 4, 8: return .end
        case 5: return .pageUp
        case 6: return .pageDown
        case 11, 12, 13, 14, 15: return .function(number! - 10)
        case 17, 18, 19, 20, 21: return .function(number! - 11)
        case 23, 24: return .function(number! - 12)
        default: return nil
        }
    }

    /// The `;`-separated numbers of a parameter string (nil entries where a
    /// number is omitted), or nil when it holds anything else (`<`, `?`,
    /// intermediates), which marks a sequence that is not a key.
    private static func numericParameters(_ bytes: [UInt8]) -> [Int?]? {
        var numbers: [Int?] = []
        var current: Int?
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                current = min((current ?? 0) * 10 + Int(byte - UInt8(ascii: "0")), 100_000)
            case UInt8(ascii: ";"):
                numbers.append(current)
                current = nil
            default:
                return nil
            }
        }
        numbers.append(current)
        return numbers
    }
}
