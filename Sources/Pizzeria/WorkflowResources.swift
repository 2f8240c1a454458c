import ASL
import Foundation

/// The workflows' definition texts, read from the project's `Resources/` folder: the order saga
/// (in JSONPath, and the same saga in JSONata) and the pineapple check. They are created as
/// state machines behind the service seam, whose registry is the one place that holds their
/// definitions from then on.
public struct WorkflowResources: Sendable {
    public static let orderSagaFile = "order-saga.asl.json"
    public static let orderSagaJSONataFile = "order-saga.jsonata.asl.json"
    public static let pineappleCheckFile = "pineapple-check.asl.json"
    public static let orderSagaName = "order-saga"
    public static let orderSagaJSONataName = "order-saga-jsonata"
    public static let pineappleCheckName = "pineapple-check"

    /// A shipped workflow: its state machine's name and its definition text (valid when loaded).
    public struct Machine: Sendable {
        public let name: String
        public let text: String
    }

    public let directory: URL
    /// Every shipped workflow, in the order they are created.
    public let machines: [Machine]

    /// A missing or broken resource: which file, and why.
    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Loads and checks the definitions from `directory`, or from the first of these that holds
    /// them: `$PIZZADASH_RESOURCES`; `Resources/` of the checkout this binary was built from (so
    /// `swift run` and the built binary work from any directory); `Resources/` beside the
    /// executable or one level up (an installed copy).
    public static func load(directory: URL? = nil) throws(LoadError) -> WorkflowResources {
        let candidates = directory.map { [$0] } ?? searchPath()
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.appendingPathComponent(orderSagaFile).path) }) else {
            throw LoadError(description: "cannot find \(orderSagaFile); looked in: " + candidates.map(\.path).joined(separator: ", ") +
                            " (set PIZZADASH_RESOURCES to the folder that holds it)")
        }
        let files = [(orderSagaFile, orderSagaName), (orderSagaJSONataFile, orderSagaJSONataName), (pineappleCheckFile, pineappleCheckName)]
        var machines: [Machine] = []
        for (file, name) in files { machines.append(Machine(name: name, text: try text(found, file))) }
        return WorkflowResources(directory: found, machines: machines)
    }

    static func searchPath() -> [URL] {
        var paths: [URL] = []
        if let env = ProcessInfo.processInfo.environment["PIZZADASH_RESOURCES"], !env.isEmpty {
            paths.append(URL(fileURLWithPath: env))
        }
        // Sources/Pizzeria/WorkflowResources.swift -> the checkout's root.
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        paths.append(checkout.appendingPathComponent("Resources"))
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        paths.append(executable.appendingPathComponent("Resources"))
        paths.append(executable.deletingLastPathComponent().appendingPathComponent("Resources"))
        return paths
    }

    /// A definition's text, refused unless it is a valid definition.
    private static func text(_ directory: URL, _ file: String) throws(LoadError) -> String {
        let url = directory.appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw LoadError(description: "cannot read \(url.path)")
        }
        do {
            _ = try StateMachineDefinition.load(text: text)
        } catch {
            throw LoadError(description: "\(url.path) is not a valid definition:\n\(error)")
        }
        return text
    }
}
