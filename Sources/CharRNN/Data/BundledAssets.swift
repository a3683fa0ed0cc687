import Foundation

/// The files that ship with charrnn: d2l's Time Machine and the trained d2l
/// model, copied from the package's `assets/` folder into a SwiftPM resource
/// bundle, `charrnn_CharRNN.resources`, beside every binary the package builds.
///
/// The bundle is looked up beside the running executable (symbolic links
/// resolved), so a build started from any folder finds it, and so does a copy
/// installed elsewhere together with its bundle. SwiftPM's generated
/// `Bundle.module` is not used: it stops the program when the bundle is
/// missing, where charrnn reports a one-line error instead.
public enum BundledAssets {
    /// The resource bundle's folder name: `<package>_<target>.resources`.
    public static let bundleName = "charrnn_CharRNN.resources"
    /// File name of the Time Machine.
    public static let timeMachineName = "timemachine.txt"
    /// File name of the trained d2l model (`charrnn train --save assets/d2l-rnn.safetensors`).
    public static let defaultCheckpointName = "d2l-rnn.safetensors"

    /// The built-in Time Machine. Throws `BundledAssetError` when the bundle or
    /// the file is missing.
    public static func timeMachine() throws(BundledAssetError) -> URL {
        try file(timeMachineName)
    }

    /// The built-in trained model. Throws `BundledAssetError` when missing.
    public static func defaultCheckpoint() throws(BundledAssetError) -> URL {
        try file(defaultCheckpointName)
    }

    /// `name` inside the bundle.
    static func file(_ name: String) throws(BundledAssetError) -> URL {
        let folders = searchFolders()
        for folder in folders {
            let url = folder.appendingPathComponent(bundleName).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        throw BundledAssetError(name: name, searched: folders.map(\.path))
    }

    /// Folders that may hold the bundle: the executable's own folder, with
    /// and without symbolic links resolved, without duplicates.
    static func searchFolders() -> [URL] {
        var candidates: [URL] = []
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: target).deletingLastPathComponent())
        }
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
            candidates.append(executable.deletingLastPathComponent())
        }
        var seen = Set<String>()
        return candidates.map(\.standardizedFileURL).filter { seen.insert($0.path).inserted }
    }
}

/// A file that should ship with charrnn is not beside the executable.
public struct BundledAssetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The missing file, e.g. `timemachine.txt`.
    public var name: String
    /// The folders searched for the resource bundle.
    public var searched: [String]

    public var description: String {
        let places = searched.isEmpty ? "the executable's folder (unknown)" : searched.joined(separator: ", ")
        return "the built-in \(name) is missing: no \(BundledAssets.bundleName)/\(name) in \(places)"
            + " (install the binary together with its \(BundledAssets.bundleName) folder)"
    }
}
