import CNcurses
import Dashboard
import Testing
@testable import Terminal

@Suite struct KeyTranslationTests {
    @Test func cursesKeyCodesMatchTheHeader() {
        #expect(CursesKeyCode.up == KEY_UP)
        #expect(CursesKeyCode.down == KEY_DOWN)
        #expect(CursesKeyCode.left == KEY_LEFT)
        #expect(CursesKeyCode.right == KEY_RIGHT)
        #expect(CursesKeyCode.home == KEY_HOME)
        #expect(CursesKeyCode.end == KEY_END)
        #expect(CursesKeyCode.nextPage == KEY_NPAGE)
        #expect(CursesKeyCode.previousPage == KEY_PPAGE)
        #expect(CursesKeyCode.backTab == KEY_BTAB)
        #expect(CursesKeyCode.backspace == KEY_BACKSPACE)
        #expect(CursesKeyCode.deleteCharacter == KEY_DC)
        #expect(CursesKeyCode.enter == KEY_ENTER)
        #expect(CursesKeyCode.mouse == KEY_MOUSE)
        #expect(CursesKeyCode.resize == KEY_RESIZE)
        #expect(CursesKeyCode.f0 + 7 == pd_key_f(7))
    }

    @Test(arguments: [
        (KEY_UP, Key.up), (KEY_DOWN, .down), (KEY_LEFT, .left), (KEY_RIGHT, .right),
        (KEY_HOME, .home), (KEY_END, .end), (KEY_NPAGE, .pageDown), (KEY_PPAGE, .pageUp),
        (KEY_BTAB, .backTab), (KEY_BACKSPACE, .backspace), (KEY_DC, .delete), (KEY_ENTER, .enter),
    ])
    func functionKeys(code: Int32, key: Key) {
        #expect(translate(keyCode: code, isFunctionKey: true) == key)
    }

    @Test func functionKeysByNumber() {
        #expect(translate(keyCode: pd_key_f(1), isFunctionKey: true) == .function(1))
        #expect(translate(keyCode: pd_key_f(12), isFunctionKey: true) == .function(12))
        #expect(translate(keyCode: pd_key_f(0), isFunctionKey: true) == nil)
    }

    @Test func mouseAndResizeAreNotKeys() {
        #expect(translate(keyCode: KEY_MOUSE, isFunctionKey: true) == nil)
        #expect(translate(keyCode: KEY_RESIZE, isFunctionKey: true) == nil)
        #expect(translate(keyCode: 0o777, isFunctionKey: true) == nil)
    }

    @Test(arguments: [
        (Int32(9), Key.tab), (10, .enter), (13, .enter), (27, .escape), (127, .backspace), (8, .backspace),
        (1, .ctrl("a")), (3, .ctrl("c")), (26, .ctrl("z")),
    ])
    func controlCharacters(code: Int32, key: Key) {
        #expect(translate(keyCode: code, isFunctionKey: false) == key)
    }

    @Test func printableCharacters() {
        #expect(translate(keyCode: 0x61, isFunctionKey: false) == .character("a"))
        #expect(translate(keyCode: 0x20, isFunctionKey: false) == .character(" "))
        #expect(translate(keyCode: 0xE9, isFunctionKey: false) == .character("é"))
        #expect(translate(keyCode: 0x1F355, isFunctionKey: false) == .character("🍕"))
    }

    @Test func characterCodesAreNotConfusedWithKeyCodes() {
        // 0o403 is KEY_UP as a key code but "ă" (U+0103) as a character.
        #expect(translate(keyCode: KEY_UP, isFunctionKey: false) == .character("\u{103}"))
    }

    @Test func unusableCharactersGiveNil() {
        #expect(translate(keyCode: 0, isFunctionKey: false) == nil)
        #expect(translate(keyCode: 28, isFunctionKey: false) == nil)
        #expect(translate(keyCode: 0xD800, isFunctionKey: false) == nil)
        #expect(translate(keyCode: -1, isFunctionKey: false) == nil)
    }
}
