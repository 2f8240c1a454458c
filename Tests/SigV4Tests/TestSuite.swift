import Foundation

/// AWS's SigV4 test suite, in `shared/sigv4-test-suite` beside the package root
/// (`Tests/SigV4Tests/<this file>` is three levels below the root).
enum TestSuite {
    static let directory: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent() // SigV4Tests
        .deletingLastPathComponent() // Tests
        .deletingLastPathComponent() // package root
        .deletingLastPathComponent() // its parent
        .appendingPathComponent("shared/sigv4-test-suite")

    /// The suite's credentials and scope (the standard ones of AWS's suite; it has no README saying so,
    /// its `.sts` and `.authz` files show the scope and key id).
    static let accessKeyID = "AKIDEXAMPLE"
    static let secretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let region = "us-east-1"
    static let service = "service"
    static let sessionToken = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="

    /// One case: a folder holding `NAME.req`, `.creq`, `.sts`, `.authz` and `.sreq`.
    struct Case: CustomStringConvertible {
        let name: String
        let folder: URL

        func file(_ suffix: String) throws -> String {
            let url = folder.appendingPathComponent("\(name).\(suffix)")
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw RawHTTPRequest.ParseError("cannot read \(url.path)")
            }
            return String(decoding: data, as: UTF8.self)
        }

        var description: String { name }
    }

    /// Every case of the suite, at any depth (`normalize-path/` and `post-sts-token/` hold theirs in subfolders).
    static func cases() -> [Case] {
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
        var found: [Case] = []
        for case let url as URL in enumerator where url.pathExtension == "req" {
            found.append(Case(name: url.deletingPathExtension().lastPathComponent, folder: url.deletingLastPathComponent()))
        }
        return found.sorted { $0.name < $1.name }
    }
}
