import Dashboard
import Testing
@testable import Terminal

@Suite struct CellRunsTests {
    private let red = CellStyle(foreground: .red)

    @Test func withoutAPreviousCanvasEveryRowIsOneRunPerStyle() {
        var canvas = Canvas(width: 5, height: 2)
        canvas.write("ab", x: 0, y: 0)
        canvas.write("cd", x: 2, y: 0, style: red)
        #expect(changedRuns(old: nil, new: canvas) == [
            Run(y: 0, x: 0, style: .plain, characters: ["a", "b"]),
            Run(y: 0, x: 2, style: red, characters: ["c", "d"]),
            Run(y: 0, x: 4, style: .plain, characters: [" "]),
            Run(y: 1, x: 0, style: .plain, characters: Array("     ")),
        ])
    }

    @Test func anUnchangedCanvasHasNoRuns() {
        var canvas = Canvas(width: 4, height: 3)
        canvas.write("pizza", x: 0, y: 1, style: red)
        #expect(changedRuns(old: canvas, new: canvas).isEmpty)
    }

    @Test func onlyChangedCellsAreReported() {
        var old = Canvas(width: 10, height: 2)
        old.write("oven 180", x: 0, y: 0)
        var new = old
        new.write("250", x: 5, y: 0)
        new.write("x", x: 9, y: 1)
        #expect(changedRuns(old: old, new: new) == [
            Run(y: 0, x: 5, style: .plain, characters: ["2", "5"]),
            Run(y: 1, x: 9, style: .plain, characters: ["x"]),
        ])
    }

    @Test func unchangedCellsSplitRunsOfTheSameStyle() {
        let old = Canvas(width: 5, height: 1)
        var new = old
        new.write("a", x: 0, y: 0)
        new.write("b", x: 2, y: 0)
        #expect(changedRuns(old: old, new: new).map(\.text) == ["a", "b"])
    }

    @Test func aStyleChangeAloneIsAChange() {
        var old = Canvas(width: 3, height: 1)
        old.write("abc", x: 0, y: 0)
        var new = Canvas(width: 3, height: 1)
        new.write("abc", x: 0, y: 0, style: CellStyle(bold: true))
        #expect(changedRuns(old: old, new: new) == [
            Run(y: 0, x: 0, style: CellStyle(bold: true), characters: ["a", "b", "c"]),
        ])
    }

    @Test func runsDoNotCrossRows() {
        let old = Canvas(width: 2, height: 2)
        var new = old
        new.fill(x: 0, y: 0, width: 2, height: 2, with: Cell("#"))
        #expect(changedRuns(old: old, new: new).map(\.y) == [0, 1])
    }

    @Test func aSizeChangeRedrawsEverything() {
        let old = Canvas(width: 3, height: 1)
        let new = Canvas(width: 4, height: 1)
        #expect(changedRuns(old: old, new: new) == [Run(y: 0, x: 0, style: .plain, characters: Array("    "))])
    }

    @Test func anEmptyCanvasHasNoRuns() {
        #expect(changedRuns(old: nil, new: Canvas(width: 0, height: 0)).isEmpty)
    }
}
