import ASL
import Foundation
import History

/// The `:` command line while it is open.
public struct CommandLineState: Sendable, Equatable {
    public var text = ""
    /// Which entry of the history ↑/↓ show (nil: the text being typed).
    public var historyIndex: Int?
    /// The text typed before ↑ went into the history.
    public var draft = ""
    public init(text: String = "") { self.text = text }
}

/// The commands, as the help overlay and Tab completion know them.
let dashboardCommands: [(name: String, usage: String, what: String)] = [
    ("open", ":open FILE", "create a state machine from a definition file"),
    ("start", ":start MACHINE {json}", "start an execution of MACHINE (a name, or an ARN) with that input"),
    ("stop", ":stop", "stop the execution in focus"),
    ("redrive", ":redrive", "redrive the execution in focus (it failed)"),
    ("export", ":export json|svg|dot|mermaid|text PATH", "write the graph (coloured by the execution in focus)"),
    ("speed", ":speed N|instant", "set the clock's speed"),
    ("goto", ":goto NAME", "select a state of the graph, or an execution by name"),
]

/// The export formats `:export` accepts.
public let exportFormats = ["json"] + GraphExportFormat.allCases.map(\.rawValue)

/// Keys while the command line is open: typing, ↑/↓ through the history, Tab completes,
/// Enter runs, Esc closes.
func reduceCommandLineKey(_ state: inout DashboardState, _ key: Key) -> [DashboardEffect] {
    guard var line = state.commandLine else { return [] }
    switch key {
    case .escape:
        state.commandLine = nil
        return []
    case .enter:
        state.commandLine = nil
        let text = line.text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return [] }
        if state.commandHistory.last != text { state.commandHistory.append(text) }
        return runCommand(&state, text)
    case .backspace:
        if line.text.isEmpty { state.commandLine = nil; return [] }
        line.text.removeLast()
    case .ctrl("u"):
        line.text = ""
    case .up:
        guard !state.commandHistory.isEmpty else { break }
        if line.historyIndex == nil { line.draft = line.text }
        let index = max(0, (line.historyIndex ?? state.commandHistory.count) - 1)
        line.historyIndex = index
        line.text = state.commandHistory[index]
    case .down:
        guard let index = line.historyIndex else { break }
        if index + 1 < state.commandHistory.count {
            line.historyIndex = index + 1
            line.text = state.commandHistory[index + 1]
        } else {
            line.historyIndex = nil
            line.text = line.draft
        }
    case .tab:
        let (completed, choices) = complete(line.text, state)
        line.text = completed
        state.message = choices.count > 1 ? choices.joined(separator: "  ") : nil
    case .character(let c):
        line.text.append(c)
    default:
        break
    }
    state.commandLine = line
    return []
}

/// Tab completion: the command's name, then its argument (a machine, a state, a format).
/// Returns the completed text and the candidates when several remain.
func complete(_ text: String, _ state: DashboardState) -> (String, [String]) {
    let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    func finish(_ prefix: String, _ partial: String, _ candidates: [String]) -> (String, [String]) {
        let matching = candidates.filter { $0.hasPrefix(partial) }
        guard let first = matching.first else { return (text, []) }
        if matching.count == 1 { return (prefix + first + " ", []) }
        var common = first
        for other in matching.dropFirst() { while !other.hasPrefix(common) { common.removeLast() } }
        return (prefix + common, matching)
    }
    if words.count <= 1 { return finish("", words.first ?? "", dashboardCommands.map(\.name)) }
    guard words.count == 2 else { return (text, []) }
    let prefix = words[0] + " "
    switch words[0] {
    case "start": return finish(prefix, words[1], Array(Set(state.machines.map(\.name))).sorted())
    case "export": return finish(prefix, words[1], exportFormats)
    case "speed": return finish(prefix, words[1], ["0.25", "0.5", "1", "2", "5", "10", "100", "instant"])
    case "goto":
        let definition = state.focusedExecutionArn.flatMap(state.execution).flatMap(state.definition(of:))
            ?? state.machines.first.flatMap { state.definition(ofMachine: $0.arn) }
        let names = definition.map(statesInReadingOrder) ?? []
        return finish(prefix, words[1], names)
    default: return (text, [])
    }
}

/// Runs one command line; a mistake goes to the footer, naming what was wrong.
func runCommand(_ state: inout DashboardState, _ text: String) -> [DashboardEffect] {
    let name = String(text.prefix { $0 != " " })
    let argument = text.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
    func usage() -> [DashboardEffect] {
        state.message = "usage: " + (dashboardCommands.first { $0.name == name }?.usage ?? "")
        return []
    }
    switch name {
    case "open":
        guard !argument.isEmpty else { return usage() }
        return [.openDefinition(path: argument)]
    case "start":
        let word = String(argument.prefix { $0 != " " })
        guard !word.isEmpty else { return usage() }
        // A name, or an ARN where the name is not enough (the same name in two regions).
        let candidates = state.machine(word).map { [$0] } ?? state.machines(named: word)
        guard let machine = candidates.first else {
            state.message = ":start: no state machine named \(word) (Tab completes the names)"
            return []
        }
        guard candidates.count == 1 else {
            state.message = ":start: \(candidates.count) state machines are named \(word): give the ARN of one (\(candidates.map(\.arn).joined(separator: ", ")))"
            return []
        }
        let input = argument.dropFirst(word.count).trimmingCharacters(in: .whitespaces)
        do {
            _ = try JSONValue(parsing: input.isEmpty ? "{}" : input)
        } catch {
            state.message = ":start: the input is not JSON: \(error)"
            return []
        }
        return [.startExecution(machineArn: machine.arn, input: input.isEmpty ? "{}" : input)]
    case "stop", "redrive":
        guard let summary = state.selectedExecutionForStop else {
            state.message = ":\(name): select an execution first"
            return []
        }
        if name == "stop" {
            guard summary.status == .running else { state.message = ":stop: \(summary.label) is not running"; return [] }
            return [.stop(arn: summary.arn)]
        }
        return [.redrive(arn: summary.arn)]
    case "export":
        let parts = argument.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return usage() }
        guard exportFormats.contains(parts[0]) else {
            state.message = ":export: unknown format \(parts[0]); choose one of \(exportFormats.joined(separator: ", "))"
            return []
        }
        let arn = state.focusedExecutionArn
        let focused = arn.flatMap(state.execution).map { (arn: $0.machineArn, name: $0.machineName) }
        guard let machine = focused ?? state.machines.first.map({ (arn: $0.arn, name: $0.name) }) else {
            state.message = ":export: no state machine to export"
            return []
        }
        return [.export(format: parts[0], path: parts[1], machineArn: machine.arn, machineName: machine.name, arn: arn)]
    case "speed":
        if argument == "instant" { state.speed = .instant; return [.setSpeed(.instant)] }
        guard let speed = Double(argument), speed > 0, speed <= 1000 else {
            state.message = ":speed: give a number from 0.01 to 1000, or instant"
            return []
        }
        state.speed = .scaled(speed: speed)
        return [.setSpeed(.scaled(speed: speed))]
    case "goto":
        guard !argument.isEmpty else { return usage() }
        goto(&state, argument)
        return []
    default:
        state.message = "unknown command :\(name); the commands: " + dashboardCommands.map(\.name).joined(separator: ", ")
        return []
    }
}

/// `:goto NAME`: a state of the execution in focus (the graph selects it), else an execution
/// by its label or name.
private func goto(_ state: inout DashboardState, _ name: String) {
    if let summary = state.focusedExecutionArn.flatMap(state.execution), let definition = state.definition(of: summary),
       statesInReadingOrder(definition).contains(name) {
        state.mode = .main
        state.selectedRow = .execution(summary.arn)
        state.selectedState = name
        state.focus = .graph
        return
    }
    if let summary = state.executions.last(where: { $0.label == name || $0.arn.hasSuffix(":" + name) }) {
        state.mode = .main
        state.filter = ""
        state.selectedRow = .execution(summary.arn)
        state.selectedState = nil
        state.focus = .graph
        return
    }
    state.message = ":goto: no state or execution named \(name)"
}

/// The command line over the footer row.
func drawCommandLine(_ line: CommandLineState, _ canvas: inout Canvas) {
    let y = canvas.height - 1
    canvas.writeFitted(":" + line.text + "▏", x: 0, y: y, width: canvas.width, style: CellStyle(bold: true))
}
