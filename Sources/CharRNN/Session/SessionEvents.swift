/// Names one command sent to a `Session`; its reply carries the same ticket.
public struct Ticket: Hashable, Sendable, Comparable {
    public let number: Int

    public static func < (a: Ticket, b: Ticket) -> Bool { a.number < b.number }
}

/// What a session tells its view.
public enum SessionEvent: Sendable {
    /// `Session.state()` has changed since the view last took its events.
    /// At most one is pending at a time, however often the state changes.
    case changed
    /// The outcome of the command sent with `ticket`.
    case replied(Ticket, SessionReply)
}

/// The session's outgoing channel (see `Mailbox`).
public typealias SessionEvents = Mailbox<SessionEvent>
