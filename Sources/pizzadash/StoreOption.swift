import AppRuntime
import ArgumentParser
import Engine
import Store

/// `--db PATH`: the store file (default `$XDG_DATA_HOME/pizzadash/pizzadash.sqlite`);
/// `--db :memory:` keeps nothing.
struct StoreOption: ParsableArguments {
    @Option(name: .customLong("db"), help: "The SQLite store (default: $XDG_DATA_HOME/pizzadash/pizzadash.sqlite, else ~/.local/share/pizzadash/pizzadash.sqlite; :memory: keeps nothing).")
    var db: String?

    var path: String { db ?? EventStore.defaultPath() }
}

extension StoreSession {
    /// The store at `--db`, restored and recording (see ``StoreSession/open(path:speed:startTime:definitions:)``).
    static func open(_ option: StoreOption, speed: ClockMode?) throws -> StoreSession {
        do { return try open(path: option.path, speed: speed) } catch { throw CommandIO.fail(error.message) }
    }

}

extension CommandIO {
    /// Runs set-up from a library; its failure is printed as `pizzadash: <message>`, exit 2.
    static func setup<T>(_ body: () throws(SetupFailure) -> T) throws -> T {
        do { return try body() } catch { throw fail(error.message) }
    }
}
