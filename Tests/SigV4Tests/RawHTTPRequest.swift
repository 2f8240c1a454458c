import SigV4

/// A request of AWS's SigV4 test suite (a `.req` file): a raw HTTP/1.1 request with `\n` line ends.
///
/// The request target may hold spaces (`GET /example space/ HTTP/1.1`), so it is everything between
/// the first and the last space of the request line. A line starting with a space or tab continues
/// the header above it; the suite's expected canonical requests treat each such line as one more
/// value of that header (joined with commas), so that is how it is read. The body follows a blank line.
struct RawHTTPRequest {
    let request: SigV4Request

    init(parsing text: String) throws {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        let head: Substring
        var body: [UInt8] = []
        if let blank = normalized.range(of: "\n\n") {
            head = normalized[..<blank.lowerBound]
            body = Array(normalized[blank.upperBound...].utf8)
        } else {
            head = normalized[...]
        }
        let lines = head.split(separator: "\n", omittingEmptySubsequences: false)
        guard let requestLine = lines.first, let firstSpace = requestLine.firstIndex(of: " "),
              let lastSpace = requestLine.lastIndex(of: " "), firstSpace < lastSpace else {
            throw ParseError("bad request line: \(lines.first ?? "")")
        }
        let method = String(requestLine[..<firstSpace])
        let target = requestLine[requestLine.index(after: firstSpace)..<lastSpace]
        let path: Substring
        var query: Substring = ""
        if let question = target.firstIndex(of: "?") {
            path = target[..<question]
            query = target[target.index(after: question)...]
        } else {
            path = target
        }
        var headers: [HeaderField] = []
        for line in lines.dropFirst() {
            if line.first == " " || line.first == "\t" {
                guard let previous = headers.last else { throw ParseError("continuation before any header: \(line)") }
                headers.append(HeaderField(previous.name, String(line)))
            } else {
                guard let colon = line.firstIndex(of: ":") else { throw ParseError("header without colon: \(line)") }
                headers.append(HeaderField(String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        request = SigV4Request(method: method, path: String(path), query: String(query), headers: headers, body: body)
    }

    struct ParseError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
