import Synchronization

/// How long work outside the training loop (reading a corpus, building its
/// vocabulary) learns that the user asked the program to stop.
///
/// The front end installs `check` once (it reads its signal flags); the long
/// loops call `throwIfRequested()` every few megabytes, so a Ctrl-C while a
/// large corpus loads ends the load within a fraction of a second.
public enum Interruption {
    private static let hook = Mutex<(@Sendable () -> Bool)?>(nil)

    /// Installs what says whether a stop was asked for.
    public static func install(_ check: @escaping @Sendable () -> Bool) {
        hook.withLock { $0 = check }
    }

    /// Whether a stop was asked for (false when nothing is installed).
    public static var requested: Bool { hook.withLock { $0 }?() ?? false }

    /// Throws `Interrupted` when a stop was asked for.
    public static func throwIfRequested() throws(Interrupted) {
        if requested { throw Interrupted() }
    }
}

/// Work ended early because the user asked the program to stop.
public struct Interrupted: Error, Equatable, CustomStringConvertible {
    public init() {}
    public var description: String { "interrupted" }
}
