import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

/// Chunked loading equals tokenising the whole text at once, whatever the chunk size.
@Suite struct CorpusLoaderTests {
    static let sample = "The Time Traveller (for so it will be convenient to speak of him)\nwas expounding — naïve café, 時間, 🚀!\r\n\tEnd."

    static func write(_ bytes: [UInt8]) throws -> URL {
        let dir = try Fixtures.temporaryDirectory()
        let url = dir.appendingPathComponent("c.txt")
        try Data(bytes).write(to: url)
        return url
    }

    @Test(arguments: [1, 2, 3, 5, 7, 64, 1 << 20])
    func chunkedLoadingEqualsWholeText(chunk: Int) throws {
        let url = try Self.write(Array(Self.sample.utf8))
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        for mode in TextMode.allCases {
            let (corpus, sha1) = try CorpusLoader.load(url: url, mode: mode, chunkSize: chunk)
            let whole = Corpus(text: Self.sample, mode: mode)
            #expect(corpus.ids == whole.ids, "\(mode) chunk \(chunk)")
            #expect(corpus.vocabulary == whole.vocabulary)
            #expect(sha1 == SHA1.hex(Array(Self.sample.utf8)))
        }
    }

    @Test func rawModeKeepsCaseNewlinesAndEveryScalar() throws {
        let url = try Self.write(Array(Self.sample.utf8))
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let (corpus, _) = try CorpusLoader.load(url: url, mode: .raw, chunkSize: 5)
        #expect(corpus.ids.count == Self.sample.unicodeScalars.count)
        #expect(corpus.vocabulary.decode(corpus.ids) == Self.sample)
        for t in ["\n", "\r", "\t", "T", "🚀", "時", "—"] { #expect(corpus.vocabulary.contains(t), "\(t.debugDescription)") }
    }

    @Test(arguments: [1, 2, 3, 4, 1 << 20])
    func invalidBytesAreReportedAtTheirFileOffsetAcrossChunks(chunk: Int) throws {
        let prefix = Array("abc é 🚀 ".utf8)  // 13 bytes
        for (bad, kind) in [([UInt8(0xFF)], "0xFF"), ([0xE2, 0x82, 0x41], "0xE2"), ([0xF0, 0x9F], "0xF0")] {
            let url = try Self.write(prefix + bad + Array(" tail".utf8).dropLast(bad == [0xF0, 0x9F] ? 5 : 0))
            defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
            do {
                _ = try CorpusLoader.load(url: url, mode: .raw, chunkSize: chunk)
                Issue.record("no error for \(kind)")
            } catch let error as CorpusError {
                #expect("\(error)".contains("offset \(prefix.count)"), "\(error)")
            }
        }
    }

    @Test func emptyMissingAndDirectoryAreErrors() throws {
        let url = try Self.write([])
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        #expect(throws: CorpusError.self) { try CorpusLoader.load(url: url, mode: .raw) }
        #expect(throws: CorpusError.self) { try CorpusLoader.load(url: url.appendingPathExtension("missing"), mode: .raw) }
        #expect(throws: CorpusError.self) { try RunSetup.loadCorpus(mode: .raw, locator: .file(url.deletingLastPathComponent().path)) }
    }

    @Test func theTimeMachineLoadsAsD2LSaysWithItsHash() throws {
        let (corpus, sha1) = try CorpusLoader.load(url: Fixtures.timeMachineURL, mode: .letters, chunkSize: 1000)
        #expect(sha1 == CorpusLocator.timeMachineSHA1)
        #expect(corpus.ids.count == 173_428 && corpus.vocabulary.count == 28)
        #expect(corpus.ids == Corpus(text: try Fixtures.timeMachineText(), mode: .letters).ids)
    }
}
