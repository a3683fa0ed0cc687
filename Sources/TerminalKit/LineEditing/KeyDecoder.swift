/// Turns the bytes a terminal sends in raw mode into `Key`s, incrementally.
///
/// Understands UTF-8 text, C0 control keys, and the ANSI/xterm sequences for
/// navigation and function keys in their CSI (`ESC [ …`), SS3 (`ESC O …`) and
/// Linux-console (`ESC [ [ A`) forms. Modifiers in sequences such as
/// `ESC [ 1 ; 5 C` (Ctrl-Right) are dropped, since `Key` has no modifiers.
/// An ESC followed by an ordinary key (Alt-x) gives `.escape` then that key.
///
/// Feed bytes as they arrive; a sequence split across feeds is completed by
/// later feeds. An ESC is ambiguous until the next byte: when no byte
/// follows within `escapeTimeoutMilliseconds`, call `flush()` to get it as
/// `.escape` (and any other incomplete input as what it stands for).
///
/// Invariant: `isPending` is true exactly when bytes are held back waiting
/// for the rest of a sequence or character.
public struct KeyDecoder: Sendable {
    /// How long to wait after an incomplete sequence before calling `flush()`.
    public static let escapeTimeoutMilliseconds = 25

    private enum State: Sendable, Equatable {
        case ground
        case escape
        case csi
        case ss3
        case linuxFunction
        case utf8(remaining: Int, value: UInt32, minimum: UInt32)
    }

    private static let maxSequenceLength = 32
    private static let replacementCharacter: Character = "\u{FFFD}"

    private var state: State = .ground
    /// Parameter and intermediate bytes of the CSI or SS3 sequence being read.
    private var sequence: [UInt8] = []

    public init() {}

    /// Whether bytes are held back waiting for the rest of a sequence.
    public var isPending: Bool { state != .ground }

    /// Decodes `bytes`, returning the keys they complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Key] {
        var keys: [Key] = []
        for byte in bytes { feed(byte, into: &keys) }
        return keys
    }

    /// Gives up waiting for the rest of an incomplete sequence: a lone ESC
    /// becomes `.escape`, an unfinished escape sequence becomes `.escape`
    /// followed by its bytes as characters, an unfinished UTF-8 character
    /// becomes U+FFFD.
    public mutating func flush() -> [Key] {
        var keys: [Key] = []
        switch state {
        case .ground:
            return []
        case .escape:
            keys = [.escape]
        case .csi, .ss3, .linuxFunction:
            keys = [.escape, .character(state == .ss3 ? "O" : "[")]
            if state == .linuxFunction { keys.append(.character("[")) }
            for byte in sequence where byte >= 0x20 && byte < 0x7F {
                keys.append(.character(Character(Unicode.Scalar(byte))))
            }
        case .utf8:
            keys = [.character(Self.replacementCharacter)]
        }
        state = .ground
        sequence.removeAll()
        return keys
    }

    private mutating func feed(_ byte: UInt8, into keys: inout [Key]) {
        switch state {
        case .ground:
            ground(byte, into: &keys)
        case .escape:
            switch byte {
            case UInt8(ascii: "["): enterSequence(.csi)
            case UInt8(ascii: "O"): enterSequence(.ss3)
            case 0x1B: keys.append(.escape)
            default:
                keys.append(.escape)
                state = .ground
                ground(byte, into: &keys)
            }
        case .csi:
            if byte == UInt8(ascii: "[") && sequence.isEmpty {
                state = .linuxFunction
            } else if (0x20...0x3F).contains(byte) {
                collect(byte)
            } else if (0x40...0x7E).contains(byte) {
                if let key = Self.csiKey(parameters: sequence, final: byte) { keys.append(key) }
                finishSequence()
            } else {
                abandonSequence(byte, into: &keys)
            }
        case .ss3:
            if (0x30...0x3F).contains(byte) {
                collect(byte)
            } else if (0x40...0x7E).contains(byte) {
                if let key = Self.ss3Key(final: byte) { keys.append(key) }
                finishSequence()
            } else {
                abandonSequence(byte, into: &keys)
            }
        case .linuxFunction:
            if (UInt8(ascii: "A")...UInt8(ascii: "E")).contains(byte) {
                keys.append(.function(Int(byte - UInt8(ascii: "A")) + 1))
            }
            finishSequence()
        case .utf8(let remaining, let value, let minimum):
            guard byte & 0xC0 == 0x80 else {
                keys.append(.character(Self.replacementCharacter))
                state = .ground
                ground(byte, into: &keys)
                return
            }
            let next = (value << 6) | UInt32(byte & 0x3F)
            if remaining > 1 {
                state = .utf8(remaining: remaining - 1, value: next, minimum: minimum)
                return
            }
            state = .ground
            if next < minimum {
                keys.append(.character(Self.replacementCharacter))
            } else if let scalar = Unicode.Scalar(next) {
                if !(0x80..<0xA0).contains(next) { keys.append(.character(Character(scalar))) }
            } else {
                keys.append(.character(Self.replacementCharacter))
            }
        }
    }

    private mutating func ground(_ byte: UInt8, into keys: inout [Key]) {
        switch byte {
        case 0x1B: state = .escape
        case 0x0D, 0x0A: keys.append(.enter)
        case 0x09: keys.append(.tab)
        case 0x08, 0x7F: keys.append(.backspace)
        case 0x01...0x1A: keys.append(.control(Character(Unicode.Scalar(byte + 0x60))))
        case 0x00..<0x20: break
        case 0x20..<0x7F: keys.append(.character(Character(Unicode.Scalar(byte))))
        case 0xC2...0xDF: state = .utf8(remaining: 1, value: UInt32(byte & 0x1F), minimum: 0x80)
        case 0xE0...0xEF: state = .utf8(remaining: 2, value: UInt32(byte & 0x0F), minimum: 0x800)
        case 0xF0...0xF4: state = .utf8(remaining: 3, value: UInt32(byte & 0x07), minimum: 0x10000)
        default: keys.append(.character(Self.replacementCharacter))
        }
    }

    private mutating func enterSequence(_ next: State) {
        state = next
        sequence.removeAll(keepingCapacity: true)
    }

    private mutating func collect(_ byte: UInt8) {
        if sequence.count >= Self.maxSequenceLength {
            finishSequence()
        } else {
            sequence.append(byte)
        }
    }

    private mutating func finishSequence() {
        state = .ground
        sequence.removeAll(keepingCapacity: true)
    }

    /// A byte that cannot be part of the sequence ends it unread; the byte
    /// itself is decoded afresh (an ESC starts a new sequence).
    private mutating func abandonSequence(_ byte: UInt8, into keys: inout [Key]) {
        finishSequence()
        ground(byte, into: &keys)
    }
}
