/// The forms a state machine's graph can be exported in: the `graph --format` command and the
/// dashboard's `:export` take these names.
public enum GraphExportFormat: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The drawing the `graph` command prints: boxes and arrows in terminal cells.
    case text
    /// A standalone SVG image of the same layout, coloured by the execution when one is given.
    case svg
    /// A Graphviz `digraph`, for `dot -Tsvg` and friends.
    case dot
    /// A Mermaid `flowchart`, for Markdown that renders Mermaid.
    case mermaid

    /// The format named `name` (case-insensitive, surrounding blanks ignored).
    public init(parsing name: String) throws(GraphExportFormatError) {
        let key = String(name.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()).lowercased()
        guard let format = Self(rawValue: key) else { throw GraphExportFormatError(given: name) }
        self = format
    }

    public var description: String { rawValue }

    /// The usual file extension for the format.
    public var fileExtension: String {
        switch self {
        case .text: return "txt"
        case .svg: return "svg"
        case .dot: return "dot"
        case .mermaid: return "mmd"
        }
    }
}

/// A format name that is not one of ``GraphExportFormat``'s; its description lists the choices.
public struct GraphExportFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was asked for.
    public let given: String

    public init(given: String) { self.given = given }

    public var description: String {
        "unknown graph format \"\(given)\": choose one of " + GraphExportFormat.allCases.map(\.rawValue).joined(separator: ", ")
    }
}
