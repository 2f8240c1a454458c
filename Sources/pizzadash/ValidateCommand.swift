import ArgumentParser
import ASL

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a definition: prints ok, or one problem a line (exit 1)."
    )

    @Argument(help: "The ASL definition (JSON).")
    var definition: String

    func run() throws {
        let text: String
        do {
            text = try CommandIO.readText(definition, what: "definition")
        } catch {
            throw CommandIO.fail(error.message)
        }
        do {
            _ = try StateMachineDefinition.load(text: text)
            print("ok")
        } catch {
            for problem in error.problems { print(problem.description) }
            throw ExitCode(1)
        }
    }
}
