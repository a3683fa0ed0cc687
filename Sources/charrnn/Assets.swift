import CharRNN
import Foundation

/// Files shipped in the package's `assets/` folder.
enum Assets {
    /// The trained d2l model made by `charrnn train` (see README).
    static let defaultCheckpointName = "d2l-rnn.safetensors"

    /// `assets/d2l-rnn.safetensors` of the package this executable was built in.
    static func defaultCheckpoint() throws -> URL {
        var starts: [URL] = []
        if let exe = CorpusLocator.executableURL() { starts.append(exe.deletingLastPathComponent()) }
        starts.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        for start in starts {
            var folder = start.standardizedFileURL
            while folder.path != "/" {
                let candidate = folder.appendingPathComponent("assets/\(defaultCheckpointName)")
                if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path),
                    FileManager.default.fileExists(atPath: candidate.path)
                {
                    return candidate
                }
                folder = folder.deletingLastPathComponent()
            }
        }
        throw CLIError("no --checkpoint given and no assets/\(defaultCheckpointName) found beside the package; pass --checkpoint PATH")
    }
}
