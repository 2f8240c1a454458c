import ASL
import Foundation
import Testing
@testable import Dashboard

/// Golden files under `Golden/`: each case is a definition `NAME.asl.json` next to the drawings
/// made from it (`NAME.w120.txt`, ...). A mismatch fails with a line diff; the files are
/// rewritten only when `PIZZADASH_RECORD=1` is set, and a test that rewrote a file fails (as
/// swift-snapshot-testing's do), so a re-record is never silent: run again without it.
enum GoldenFile {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var recording: Bool { ProcessInfo.processInfo.environment["PIZZADASH_RECORD"] == "1" }

    /// The two pizza workflows, as the product ships them.
    static let resources = directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Resources")

    /// A shape's definition from the golden folder; `order-saga` and `pineapple-check` are read
    /// from Resources/, so the goldens always draw what the product runs.
    static func definition(_ name: String) throws -> StateMachineDefinition {
        let shipped = resources.appendingPathComponent(name + ".asl.json")
        let url = FileManager.default.fileExists(atPath: shipped.path) ? shipped : directory.appendingPathComponent(name + ".asl.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        return try StateMachineDefinition.load(text: text)
    }

    static func check(_ actual: String, against file: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(file)
        let actualText = actual + "\n"
        if recording {
            let previous = try? String(contentsOf: url, encoding: .utf8)
            guard previous != actualText else { return }
            try? actualText.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded \(file) (PIZZADASH_RECORD=1); check the drawing and run again without it", sourceLocation: sourceLocation)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden file \(file); run with PIZZADASH_RECORD=1 to create it. Drawing:\n\(actualText)", sourceLocation: sourceLocation)
            return
        }
        if expected != actualText {
            Issue.record("\(file) differs (- expected, + actual):\n\(diff(expected, actualText))", sourceLocation: sourceLocation)
        }
    }

    /// A line-by-line diff: unchanged lines once, changed lines as a -/+ pair.
    static func diff(_ expected: String, _ actual: String) -> String {
        let a = expected.components(separatedBy: "\n"), b = actual.components(separatedBy: "\n")
        var out: [String] = []
        for i in 0..<max(a.count, b.count) {
            let left = i < a.count ? a[i] : nil, right = i < b.count ? b[i] : nil
            if left == right { out.append("  " + (left ?? "")); continue }
            if let left { out.append("- " + left) }
            if let right { out.append("+ " + right) }
        }
        return out.joined(separator: "\n")
    }
}

/// The whole drawing of a layout, without an overlay, as golden text.
func drawing(_ layout: GraphLayout, overlay: ExecutionOverlay? = nil) -> String {
    renderGraph(layout, overlay: overlay, viewport: (layout.width, layout.height), focus: nil).text
}
