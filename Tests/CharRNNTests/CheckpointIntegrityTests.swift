import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

/// Checksums that survive other tools, the first format's files, and dtypes.
@Suite struct CheckpointIntegrityTests {
    static func saved() throws -> Data {
        var config = SmallRun.config(epochs: 1)
        config.optimizer = .adam
        let t = try Trainer(config: config, corpus: try SmallRun.corpus())
        t.run()
        return RunSetup.checkpoint(of: t, corpusSHA1: "abc").encoded()
    }

    static func failedCheck(_ data: Data) -> CheckpointError.Checked? {
        do {
            _ = try Checkpoint.decode(data)
            return nil
        } catch {
            if case .checksumMismatch(let checked, _, _) = error { return checked }
            return nil
        }
    }

    @Test func reorderedTensorsAndForeignMetadataKeysStillVerify() throws {
        let data = try Self.saved()
        var (tensors, meta) = try Safetensors.decode(data)
        tensors.reverse()
        meta["format"] = "pt"
        meta["source"] = "another tool"
        let back = try Checkpoint.load(Safetensors.encode(tensors: tensors, metadata: meta))
        #expect(back.verified && back.notes.isEmpty)
        #expect(back.checkpoint.params == (try Checkpoint.decode(data)).params)
    }

    @Test func aChangedTensorFailsTheDataCheckAndAChangedEntryTheMetadataCheck() throws {
        let (tensors, meta) = try Safetensors.decode(try Self.saved())
        var t = tensors
        t[0].values[0] += 1
        #expect(Self.failedCheck(Safetensors.encode(tensors: t, metadata: meta)) == .data)
        var m = meta
        m["charrnn.text_mode"] = "raw"
        #expect(Self.failedCheck(Safetensors.encode(tensors: tensors, metadata: m)) == .metadata)
        m = meta
        m["charrnn.metadata_sha256"] = nil
        #expect(Self.failedCheck(Safetensors.encode(tensors: tensors, metadata: m)) == .metadata)
        let message = "\(CheckpointError.checksumMismatch(.data, expected: "a", actual: "b"))"
        #expect(message.hasPrefix("data check failed"))
    }

    @Test func withoutChecksumsAFileIsForeignAndSaysSo() throws {
        var (tensors, meta) = try Safetensors.decode(try Self.saved())
        meta[CheckpointIntegrity.tensorsKey] = nil
        meta[CheckpointIntegrity.metadataKey] = nil
        tensors.removeAll { $0.name.hasPrefix("optimizer.") }
        let back = try Checkpoint.load(Safetensors.encode(tensors: tensors, metadata: meta))
        #expect(!back.verified && !back.weightsOnly && back.checkpoint.optimizerState == nil)
        #expect(back.notes == ["the file has no charrnn checksums (another tool wrote it), so it is loaded unverified",
                               "the file has no adam state, so training from it starts a fresh optimiser"])
    }

    @Test func aNewerVersionIsRefused() throws {
        let data = try CheckpointFiles.reencoded(try Self.saved()) { _, meta in meta["charrnn.version"] = "3" }
        #expect(throws: CheckpointError.badMetadata("written by a newer charrnn (version 3); this one reads version 2 and older")) {
            try Checkpoint.decode(data)
        }
    }

    // MARK: - The first format

    static var asset: URL { Fixtures.packageRoot.appendingPathComponent("assets/d2l-rnn.safetensors") }

    /// The first format's SHA-1 of the metadata, as its writer computed it.
    static func legacySealed(_ meta: [String: String]) -> [String: String] {
        var m = meta
        var sha = SHA1()
        for key in m.keys.sorted() where key != "metadata_sha1" && key != "data_sha1" { sha.update(Array("\(key)\u{0}\(m[key]!)\u{0}".utf8)) }
        m["metadata_sha1"] = sha.hexDigest()
        return m
    }

    @Test func theFirstFormatLoadsAlsoReorderedAndWithAddedKeys() throws {
        let data = try Data(contentsOf: Self.asset)
        var (tensors, meta) = try Safetensors.decode(data)
        #expect(meta["format"] == Checkpoint.legacyFormat)
        let original = try Checkpoint.load(data)
        #expect(original.verified && original.notes.isEmpty)
        tensors.sort { $0.name < $1.name }
        meta["source"] = "re-saved"
        let resaved = try Checkpoint.decode(Safetensors.encode(tensors: tensors, metadata: meta))
        #expect(resaved.params == original.checkpoint.params)
        tensors[1].values[3] += 0.5
        #expect(Self.failedCheck(Safetensors.encode(tensors: tensors, metadata: meta)) == .data)
        meta["text_mode"] = "raw"
        #expect(Self.failedCheck(Safetensors.encode(tensors: tensors, metadata: meta)) == .metadata)
    }

    /// A first-format run that recorded `jax` was drawn with the legacy stream,
    /// and resumes under that name.
    @Test func theFirstFormatsJAXInitIsTheLegacyStream() throws {
        var (tensors, meta) = try Safetensors.decode(try Data(contentsOf: Self.asset))
        meta["hyperparameters"] = meta["hyperparameters"]!.replacingOccurrences(of: "\"init\":\"he\"", with: "\"init\":\"jax\"")
        #expect(meta["hyperparameters"]!.contains("\"init\":\"jax\""))
        tensors.shuffle()
        let ck = try Checkpoint.decode(Safetensors.encode(tensors: tensors, metadata: Self.legacySealed(meta)))
        #expect(ck.config.initScheme == .jaxLegacy)
        let again = try Checkpoint.decode(ck.encoded())
        #expect(again.config.initScheme == .jaxLegacy)
    }

    // MARK: - dtypes

    /// A safetensors file with one tensor of `dtype` holding `bytes`.
    static func file(dtype: String, shape: [Int], bytes: [UInt8]) -> Data {
        var header = Array("{\"t\":{\"dtype\":\"\(dtype)\",\"shape\":\(shape),\"data_offsets\":[0,\(bytes.count)]}}".utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var data = Data()
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
        return data + header + bytes
    }

    static func littleEndian<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        values.flatMap { v in withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    }

    @Test func halfBFloatAndDoubleWidenToFloat() throws {
        let half: [UInt16] = [0x3C00, 0xC000, 0x7BFF, 0x0001, 0x8400, 0x7C00, 0xFC00, 0x3555]
        let h = try Safetensors.decode(Self.file(dtype: "F16", shape: [8], bytes: Self.littleEndian(half))).tensors[0]
        #expect(h.sourceDType == .f16)
        #expect(h.values == [1, -2, 65504, 0x1p-24, -0x1p-14, .infinity, -.infinity, 0.33325195])
        let nan = try Safetensors.decode(Self.file(dtype: "F16", shape: [1], bytes: Self.littleEndian([UInt16(0x7E00)]))).tensors[0]
        #expect(nan.values[0].isNaN)
        let bf: [UInt16] = [0x3F80, 0x4049, 0xC2F7]
        #expect(try Safetensors.decode(Self.file(dtype: "BF16", shape: [3], bytes: Self.littleEndian(bf))).tensors[0].values == [1, 3.140625, -123.5])
        let doubles = [0.1, -1e300, 1.5].map(\.bitPattern)
        let d = try Safetensors.decode(Self.file(dtype: "F64", shape: [3], bytes: Self.littleEndian(doubles))).tensors[0]
        #expect(d.values == [Float(0.1), -.infinity, 1.5])
    }

    @Test func otherDTypesAreRefusedByName() {
        #expect(throws: CheckpointError.unsupportedDType(tensor: "t", dtype: "I64")) {
            try Safetensors.decode(Self.file(dtype: "I64", shape: [1], bytes: [UInt8](repeating: 0, count: 8)))
        }
        let message = "\(CheckpointError.unsupportedDType(tensor: "t", dtype: "F8_E4M3"))"
        #expect(message == "valid safetensors file, unsupported dtype F8_E4M3 (tensor t); charrnn reads F32, F16, BF16 and F64")
    }
}
