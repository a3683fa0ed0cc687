import CNCursesW

extension CursesTerminal {
    /// Waits up to `timeoutMilliseconds` (negative: forever) for a key.
    ///
    /// Returns nil on timeout and for input that has no `Key` (such as NUL or
    /// an unrecognised function key). `.resize` is returned once per size
    /// change, after `size` has been updated and a full repaint scheduled.
    /// A lone Escape is reported 25 ms after it arrives (ncurses' ESCDELAY).
    public func readKey(timeoutMilliseconds: Int) -> Key? {
        guard isOpen, !isendwin() else { return nil }
        if resizePending {
            resizePending = false
            return .resize
        }
        let timeout = Int32(clamping: max(-1, timeoutMilliseconds))
        if currentTimeout != timeout {
            wtimeout(cnc_stdscr(), timeout)
            currentTimeout = timeout
        }
        var code: Int32 = 0
        let status = cnc_get_wch(&code)
        if status == OK {
            return CursesKeyMap.key(forCharacter: UInt32(bitPattern: code))
        }
        guard status == KEY_CODE_YES else { return nil }
        if code == KEY_RESIZE {
            adoptCursesSize()
            resizePending = false
            return .resize
        }
        if let key = CursesKeyMap.key(forKeyCode: code) { return key }
        guard let name = keyname(code) else { return nil }
        return CursesKeyMap.key(forExtendedName: String(cString: name))
    }
}
