import CharRNNTerminal
import CharRNNTestSupport
import Foundation
import Testing

/// The file an unsaved run goes to is always a new one.
@Suite struct EmergencyFileTests {
    @Test func reservedPathsAreNewFiles() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let name = SavePath.defaultName(date: date)
        let first = try #require(EmergencyFile.reserve(date: date, in: [folder]))
        #expect(first.deletingLastPathComponent().standardizedFileURL.path == folder.standardizedFileURL.path)
        #expect(first.lastPathComponent == name)
        let second = try #require(EmergencyFile.reserve(date: date, in: [folder]))
        #expect(second.lastPathComponent == String(name.dropLast(12)) + "-2.safetensors")
        // A folder that takes no files is passed over for the next one.
        let elsewhere = try #require(EmergencyFile.reserve(date: date, in: [folder.appendingPathComponent("missing"), folder]))
        #expect(elsewhere.lastPathComponent == String(name.dropLast(12)) + "-3.safetensors")
        // A reservation never written is given back.
        EmergencyFile.release(elsewhere)
        #expect(!FileManager.default.fileExists(atPath: elsewhere.path))
    }
}
