import CharRNN
import Foundation

/// A session's command failed or was cancelled in a test.
public struct SessionCommandFailed: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) { self.description = description }
}

extension Session {
    /// Sends `command`, waits for its reply, and throws when it is a failure or a cancellation.
    @discardableResult
    public func run(_ command: SessionCommand) throws -> SessionReply {
        let reply = perform(command)
        switch reply {
        case .failed(let why): throw SessionCommandFailed(description: why)
        case .cancelled: throw SessionCommandFailed(description: "cancelled")
        default: return reply
        }
    }

    /// Trains up to `epoch` completed epochs and waits for the run to end.
    public func train(toEpoch epoch: Int) throws {
        try run(.train(toEpoch: epoch))
        try run(.waitForRun)
    }
}
