import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a crash at any moment leaves either the old file or the new one.
///
/// The bytes go to a temporary file in the same folder (`.NAME.tmp-PID-RANDOM`),
/// which is fsynced, renamed over the target, and the folder is fsynced. A
/// temporary file left by a process that died mid-write is removed the next time
/// anything is saved to, or loaded from, that target.
public enum AtomicFile {
    ///
    /// Only a regular file is replaced; a symbolic link to one has its target
    /// replaced and stays a link. Anything else (a device, FIFO or socket) is
    /// refused untouched.
    public static func write(_ data: Data, to given: URL) throws(CheckpointError) {
        let url = given.resolvingSymlinksInPath()
        try refuseIfNotRegular(url, shownAs: given)
        let path = url.path
        let dir = url.deletingLastPathComponent().path
        removeStaleTemporaries(for: url)
        let temp = "\(dir)/\(temporaryPrefix(for: url))\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .unwritable(path: path, reason: String(cString: strerror(errno))) }
        var failure = data.withUnsafeBytes { DescriptorWrite.all($0, to: fd) }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        if failure == nil, rename(temp, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temp)
            throw .unwritable(path: path, reason: failure)
        }
        let dfd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_CLOEXEC)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }

    /// Checks, before any long work, that `url` can be saved to later: its folder
    /// exists and takes new files, and `url` is not a folder. Removes stale
    /// temporary files of earlier writers on the way.
    public static func prepareTarget(_ given: URL) throws(CheckpointError) {
        let url = given.resolvingSymlinksInPath()
        let path = url.path
        let dir = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .unwritable(path: path, reason: "it is a folder")
        }
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory) else {
            throw .unwritable(path: path, reason: "the folder '\(dir)' does not exist")
        }
        guard isDirectory.boolValue else { throw .unwritable(path: path, reason: "'\(dir)' is not a folder") }
        try refuseIfNotRegular(url, shownAs: given)
        removeStaleTemporaries(for: url)
        // The same kind of file a save creates, so permissions, read-only file
        // systems and the like show up now rather than after the training.
        let probe = "\(dir)/\(temporaryPrefix(for: url))\(getpid())-probe"
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .unwritable(path: path, reason: String(cString: strerror(errno))) }
        close(fd)
        unlink(probe)
    }

    private static func refuseIfNotRegular(_ url: URL, shownAs given: URL) throws(CheckpointError) {
        guard let mode = FileKind.mode(of: url.path), mode & S_IFMT != S_IFREG else { return }
        throw .unwritable(path: given.path, reason: "it is a \(FileKind.name(of: mode)), not a regular file")
    }

    /// `.NAME.tmp-`: the start of every temporary file name for `url`.
    static func temporaryPrefix(for url: URL) -> String { ".\(url.lastPathComponent).tmp-" }

    /// Deletes temporary files for `url` whose writing process no longer runs.
    public static func removeStaleTemporaries(for url: URL) {
        let dir = url.deletingLastPathComponent()
        let prefix = temporaryPrefix(for: url)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            let pidText = name.dropFirst(prefix.count).prefix { $0 != "-" }
            if let pid = Int32(pidText), pid != getpid(), kill(pid, 0) == 0 || errno == EPERM { continue }
            if let pid = Int32(pidText), pid == getpid() { continue }
            unlink(dir.appendingPathComponent(name).path)
        }
    }
}
