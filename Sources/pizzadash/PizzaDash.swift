import ArgumentParser

@main
struct PizzaDash: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pizzadash", abstract: "Watch AWS Step Functions workflows run locally.",
        subcommands: [GraphCommand.self]
    )
}
