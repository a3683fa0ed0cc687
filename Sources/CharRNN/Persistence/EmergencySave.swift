import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where weights go when a run ends with unsaved training and no file was
/// named for it: a new `charrnn-YYYYMMDD-HHMMSS.safetensors`, never an
/// existing file.
public enum EmergencySave {
    /// A path in `directory` when that folder takes new files, else in
    /// `$TMPDIR` (or `/tmp`), whose file does not exist: the name of `date`
    /// (local time), then `-2`, `-3`, … before the extension when it is taken.
    public static func path(
        in directory: URL, date: Date = Date(), environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL {
        let folder: URL
        if access(directory.path, W_OK | X_OK) == 0 {
            folder = directory
        } else {
            let temporary = environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
            folder = URL(fileURLWithPath: temporary, isDirectory: true)
        }
        let stem = String(name(date: date).dropLast(".safetensors".count))
        var candidate = folder.appendingPathComponent(stem + ".safetensors")
        var n = 2
        while FileManager.default.fileExists(atPath: candidate.path) || isDanglingLink(candidate) {
            candidate = folder.appendingPathComponent("\(stem)-\(n).safetensors")
            n += 1
        }
        return candidate
    }

    /// `charrnn-20251129-093012.safetensors`.
    public static func name(date: Date, timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { String(format: "%02d", n ?? 0) }
        return "charrnn-\(c.year ?? 0)\(two(c.month))\(two(c.day))-\(two(c.hour))\(two(c.minute))\(two(c.second)).safetensors"
    }

    /// A symlink whose target is missing: `fileExists` says no, but writing there would follow it.
    private static func isDanglingLink(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0
    }
}
