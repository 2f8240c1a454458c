import Dashboard

// Pure: no ncurses import, so the translation table can be unit tested. The key codes below are
// ncurses' (curses.h), copied as numbers for that reason; `TerminalTests` checks them against
// the header so they cannot drift.

/// ncurses key codes that `wget_wch` reports with `KEY_CODE_YES`.
enum CursesKeyCode {
    static let down: Int32 = 0o402
    static let up: Int32 = 0o403
    static let left: Int32 = 0o404
    static let right: Int32 = 0o405
    static let home: Int32 = 0o406
    static let backspace: Int32 = 0o407
    /// `KEY_F(n)` is `f0 + n`; ncurses reserves room for 64 function keys.
    static let f0: Int32 = 0o410
    static let deleteCharacter: Int32 = 0o512
    static let nextPage: Int32 = 0o522
    static let previousPage: Int32 = 0o523
    static let enter: Int32 = 0o527
    static let backTab: Int32 = 0o541
    static let end: Int32 = 0o550
    static let mouse: Int32 = 0o631
    static let resize: Int32 = 0o632
}

/// Translates one code from `wget_wch` into a `Key`.
///
/// - Parameters:
///   - keyCode: the value `wget_wch` stored.
///   - isFunctionKey: true when `wget_wch` returned `KEY_CODE_YES` (a curses key code), false when
///     it returned `OK` (a character).
/// - Returns: the key, or nil for codes the dashboard has no use for. `KEY_MOUSE` and
///   `KEY_RESIZE` also give nil: they are not keys, and the screen reads them itself.
func translate(keyCode: Int32, isFunctionKey: Bool) -> Key? {
    isFunctionKey ? translateFunctionKey(keyCode) : translateCharacter(keyCode)
}

private func translateFunctionKey(_ code: Int32) -> Key? {
    switch code {
    case CursesKeyCode.up: return .up
    case CursesKeyCode.down: return .down
    case CursesKeyCode.left: return .left
    case CursesKeyCode.right: return .right
    case CursesKeyCode.home: return .home
    case CursesKeyCode.end: return .end
    case CursesKeyCode.nextPage: return .pageDown
    case CursesKeyCode.previousPage: return .pageUp
    case CursesKeyCode.backTab: return .backTab
    case CursesKeyCode.backspace: return .backspace
    case CursesKeyCode.deleteCharacter: return .delete
    case CursesKeyCode.enter: return .enter
    case (CursesKeyCode.f0 + 1)...(CursesKeyCode.f0 + 63): return .function(Int(code - CursesKeyCode.f0))
    default: return nil
    }
}

private func translateCharacter(_ code: Int32) -> Key? {
    switch code {
    case 9: return .tab
    // Line feed and carriage return both mean Enter: `nonl` makes Return arrive as 13.
    case 10, 13: return .enter
    case 27: return .escape
    // Terminals disagree on what Backspace sends (DEL or Ctrl-H); accept both.
    case 8, 127: return .backspace
    case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(code - 1) + UInt8(ascii: "a"))))
    case 0, 28...31: return nil
    default:
        guard let scalar = Unicode.Scalar(UInt32(bitPattern: code)) else { return nil }
        return .character(Character(scalar))
    }
}
