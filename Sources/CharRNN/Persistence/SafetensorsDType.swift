/// The safetensors element types charrnn reads, all converted to `Float` on load.
///
/// F32 is read as is; F16 and BF16 widen exactly; F64 rounds to the nearest
/// float32 (beyond ±3.4e38 it becomes ±infinity). Any other dtype of the format
/// (integers, BOOL, the F8 kinds, …) is refused by name.
public enum SafetensorsDType: String, Sendable, CaseIterable {
    case f32 = "F32"
    case f16 = "F16"
    case bf16 = "BF16"
    case f64 = "F64"

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .f32: 4
        case .f16, .bf16: 2
        case .f64: 8
        }
    }

    /// Element `i` of little-endian data starting at `base`, as a `Float`.
    @inline(__always)
    func load(_ base: UnsafeRawPointer, _ i: Int) -> Float {
        switch self {
        case .f32:
            return Float(bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
        case .f16:
            return Self.half(UInt16(littleEndian: base.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
        case .bf16:
            return Float(bitPattern: UInt32(UInt16(littleEndian: base.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) << 16)
        case .f64:
            return Float(Double(bitPattern: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))))
        }
    }

    /// IEEE 754 binary16 → binary32, exactly (subnormals, infinities and NaN included).
    static func half(_ h: UInt16) -> Float {
        let sign = UInt32(h >> 15) << 31
        let exponent = Int(h >> 10) & 0x1F
        let mantissa = UInt32(h & 0x3FF)
        switch exponent {
        case 0:
            // ±0 or a subnormal: mantissa · 2^−24, exact in float32.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        default:
            return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
        }
    }
}
