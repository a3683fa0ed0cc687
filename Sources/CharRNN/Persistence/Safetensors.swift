import Foundation

/// A tensor of a safetensors file, as float32 values.
public struct StoredTensor: Hashable, Sendable {
    public var name: String
    public var shape: [Int]
    public var values: [Float]
    /// The dtype it had in the file it was read from (F32 for tensors made here).
    public var sourceDType: SafetensorsDType

    public init(name: String, shape: [Int], values: [Float], sourceDType: SafetensorsDType = .f32) {
        // Invariant, not input: the decoder checks each tensor's byte count against its shape first.
        precondition(shape.reduce(1, *) == values.count)
        self.name = name
        self.shape = shape
        self.values = values
        self.sourceDType = sourceDType
    }
}

/// The safetensors format: an 8-byte little-endian header length N, N bytes of
/// JSON (`{"name": {"dtype": "F32", "shape": […], "data_offsets": [begin, end]}, …,
/// "__metadata__": {string: string}}`, padded with spaces to a multiple of 8),
/// then the raw little-endian tensor data. Tensors are written as F32; F32,
/// F16, BF16 and F64 are read (see `SafetensorsDType`).
public enum Safetensors {
    /// Headers larger than this are rejected as corrupt (real ones are a few KiB).
    public static let maxHeaderBytes = 64 << 20

    /// The file's bytes for `tensors` in the given order and `metadata`.
    public static func encode(tensors: [StoredTensor], metadata: [String: String]) -> Data {
        var entries: [String] = []
        var offset = 0
        for t in tensors {
            let bytes = t.values.count * 4
            entries.append("\(jsonString(t.name)):{\"dtype\":\"F32\",\"shape\":[\(t.shape.map(String.init).joined(separator: ","))],"
                + "\"data_offsets\":[\(offset),\(offset + bytes)]}")
            offset += bytes
        }
        let meta = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }.joined(separator: ",")
        entries.append("\"__metadata__\":{\(meta)}")
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        while (8 + header.count) % 8 != 0 { header.append(UInt8(ascii: " ")) }
        var data = Data(capacity: 8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: header)
        for t in tensors {
            t.values.withUnsafeBufferPointer { p in
                #if _endian(big)
                for v in p { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
                #else
                data.append(UnsafeBufferPointer(start: UnsafeRawPointer(p.baseAddress!).assumingMemoryBound(to: UInt8.self), count: p.count * 4))
                #endif
            }
        }
        return data
    }

    /// Parses a safetensors file. Every structural problem is a `CheckpointError`.
    ///
    /// Tensors are returned in data order, converted to float32. The data
    /// section must be exactly covered by the tensors, without gaps or overlaps.
    public static func decode(_ data: Data) throws(CheckpointError) -> (tensors: [StoredTensor], metadata: [String: String]) {
        guard data.count >= 8 else { throw .truncated("the file has \(data.count) bytes, fewer than the 8-byte header length") }
        let n = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | (UInt64($1.element) << (8 * UInt64($1.offset))) }
        guard n >= 2, n <= UInt64(maxHeaderBytes) else { throw .badHeader("header length \(n) is not plausible") }
        let headerEnd = 8 + Int(n)
        guard data.count >= headerEnd else { throw .truncated("the header needs \(n) bytes but the file ends at \(data.count)") }
        let headerBytes = data.subdata(in: 8..<headerEnd)
        guard headerBytes.first == UInt8(ascii: "{"),
            let object = try? JSONSerialization.jsonObject(with: headerBytes) as? [String: Any]
        else { throw .badHeader("the header is not a JSON object") }

        var metadata: [String: String] = [:]
        var entries: [(name: String, shape: [Int], dtype: SafetensorsDType, begin: Int, end: Int)] = []
        for (key, value) in object {
            if key == "__metadata__" {
                guard let m = value as? [String: Any] else { throw .badHeader("__metadata__ is not an object") }
                for (k, v) in m {
                    guard let s = v as? String else { throw .badHeader("metadata value of \(k) is not a string") }
                    metadata[k] = s
                }
                continue
            }
            guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
                let shape = (info["shape"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
                let offsets = (info["data_offsets"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
                offsets.count == 2, shape.count == (info["shape"] as? [Any])?.count
            else { throw .badHeader("tensor \(key) has no valid dtype, shape and data_offsets") }
            guard let type = SafetensorsDType(rawValue: dtype) else { throw .unsupportedDType(tensor: key, dtype: dtype) }
            guard shape.allSatisfy({ $0 >= 0 }), offsets[0] >= 0, offsets[1] >= offsets[0] else {
                throw .badHeader("tensor \(key) has a negative shape or offsets")
            }
            let count = shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max / 8 : $0 * $1 }
            guard offsets[1] - offsets[0] == count * type.size else {
                throw .badHeader("tensor \(key): shape \(shape) needs \(count * type.size) bytes but its offsets span \(offsets[1] - offsets[0])")
            }
            entries.append((key, shape, type, offsets[0], offsets[1]))
        }
        entries.sort { $0.begin != $1.begin ? $0.begin < $1.begin : $0.name < $1.name }
        var expected = 0
        for e in entries {
            guard e.begin == expected else { throw .badHeader("tensor data is not contiguous at tensor \(e.name)") }
            expected = e.end
        }
        let dataBytes = data.count - headerEnd
        guard dataBytes >= expected else { throw .truncated("the tensors need \(expected) data bytes but the file has \(dataBytes)") }
        guard dataBytes == expected else { throw .badHeader("\(dataBytes - expected) unexpected bytes after the tensor data") }

        let tensors = data.withUnsafeBytes { raw in
            entries.map { e in
                let count = (e.end - e.begin) / e.dtype.size
                let base = raw.baseAddress! + headerEnd + e.begin
                let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                    for i in 0..<count { buffer[i] = e.dtype.load(base, i) }
                    initialized = count
                }
                return StoredTensor(name: e.name, shape: e.shape, values: values, sourceDType: e.dtype)
            }
        }
        return (tensors, metadata)
    }

    /// A JSON string literal for `s`.
    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
