import Dashboard
import Testing
@testable import Terminal

@Suite struct ColorPaletteTests {
    @Test func defaultIsTheTerminalsOwnWhenAvailable() {
        let palette = ColorPalette(colorCount: 256, hasDefaultColors: true)
        #expect(palette.cursesColor(.default, isForeground: true) == -1)
        #expect(palette.cursesColor(.default, isForeground: false) == -1)
    }

    @Test func defaultFallsBackToWhiteOnBlack() {
        let palette = ColorPalette(colorCount: 8, hasDefaultColors: false)
        #expect(palette.cursesColor(.default, isForeground: true) == 7)
        #expect(palette.cursesColor(.default, isForeground: false) == 0)
    }

    @Test func grayNeedsSixteenColors() {
        #expect(ColorPalette(colorCount: 256, hasDefaultColors: true).cursesColor(.gray, isForeground: true) == 8)
        #expect(ColorPalette(colorCount: 8, hasDefaultColors: true).cursesColor(.gray, isForeground: true) == 7)
    }

    /// `--theme light`: the colours that are faint on white become darker ones; the rest stay.
    @Test func theLightThemeDarkensFaintColours() {
        let light = ColorPalette(colorCount: 256, hasDefaultColors: true, theme: .light)
        #expect(light.cursesColor(.yellow, isForeground: true) == 136)
        #expect(light.cursesColor(.cyan, isForeground: true) == 30)
        #expect(light.cursesColor(.white, isForeground: true) == 0)
        #expect(light.cursesColor(.red, isForeground: true) == 1)
        #expect(light.cursesColor(.yellow, isForeground: false) == 3)
        let eight = ColorPalette(colorCount: 8, hasDefaultColors: false, theme: .light)
        #expect(eight.cursesColor(.cyan, isForeground: true) == 4)
        #expect(eight.cursesColor(.default, isForeground: true) == 0)
        #expect(eight.cursesColor(.default, isForeground: false) == 7)
    }

    /// NO_COLOR (no-color.org): set to anything but "" turns colour off.
    @Test func noColorTurnsColourOff() {
        #expect(TerminalScreen.colorAllowed(environment: [:]))
        #expect(TerminalScreen.colorAllowed(environment: ["NO_COLOR": ""]))
        #expect(!TerminalScreen.colorAllowed(environment: ["NO_COLOR": "1"]))
    }

    @Test func pairsAreAllocatedOnFirstUseAndReused() {
        var table = ColorPairTable(capacity: 64)
        #expect(table.pair(foreground: .default, background: .default) == (0, false))
        #expect(table.pair(foreground: .red, background: .default) == (1, true))
        #expect(table.pair(foreground: .green, background: .blue) == (2, true))
        #expect(table.pair(foreground: .red, background: .default) == (1, false))
    }

    @Test func runningOutOfPairsFallsBackToPairZero() {
        var table = ColorPairTable(capacity: 3)
        #expect(table.pair(foreground: .red, background: .default) == (1, true))
        #expect(table.pair(foreground: .green, background: .default) == (2, true))
        #expect(table.pair(foreground: .blue, background: .default) == (0, false))
    }

    @Test func everyCombinationFitsIn256Pairs() {
        var table = ColorPairTable(capacity: 256)
        for foreground in CellColor.allCases {
            for background in CellColor.allCases where !(foreground == .default && background == .default) {
                #expect(table.pair(foreground: foreground, background: background).number > 0)
            }
        }
    }
}
