/// Something the person at the terminal did, already translated from terminal codes by the
/// terminal adapter. The dashboard turns these into `Action`s; it never sees ncurses key codes.
public enum InputEvent: Equatable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    /// The terminal now has this many columns (`width`) and rows (`height`).
    case resize(width: Int, height: Int)
}

/// A key press. Printable text arrives as `.character`; keys that have no character of their
/// own (arrows, function keys, control combinations) have their own cases so the dashboard's
/// key bindings never depend on terminal escape sequences.
public enum Key: Equatable, Hashable, Sendable {
    case character(Character)
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    /// F1 is `.function(1)`.
    case function(Int)
    /// Control plus a letter, lower-cased: Ctrl-A is `.ctrl("a")`. Tab (Ctrl-I), Enter (Ctrl-J,
    /// Ctrl-M) and Backspace (Ctrl-H) arrive as their own keys, since terminals cannot tell them apart.
    case ctrl(Character)
}

/// A mouse event at a cell; (0, 0) is the top-left cell.
public struct MouseEvent: Equatable, Hashable, Sendable {
    /// What the mouse did.
    public enum Kind: Equatable, Hashable, Sendable {
        case click, scrollUp, scrollDown
    }

    public var x: Int
    public var y: Int
    public var kind: Kind

    public init(x: Int, y: Int, kind: Kind) {
        self.x = x
        self.y = y
        self.kind = kind
    }
}
