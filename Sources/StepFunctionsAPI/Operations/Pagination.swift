import ASL
import Foundation

/// The List operations' paging: `maxResults` (0 or missing: the default) items from where
/// `nextToken` says, and a `nextToken` when more follow. Tokens are opaque to the client; one
/// this server did not write is `InvalidToken`, as AWS answers.
struct Pagination {
    let offset: Int
    let pageSize: Int

    init(_ call: APICall, defaultSize: Int = 100) throws(APIFault) {
        let asked = call.int("maxResults") ?? 0
        pageSize = asked == 0 ? defaultSize : asked
        if let token = call.string("nextToken") {
            guard let offset = Self.offset(of: token) else { throw APIFault(type: "InvalidToken", message: "Invalid Token: '\(token)'") }
            self.offset = offset
        } else {
            offset = 0
        }
    }

    /// The page of `items`, and the token of the next one (nil at the end).
    func page<T>(_ items: [T]) -> (items: ArraySlice<T>, nextToken: String?) {
        let start = min(offset, items.count)
        let end = min(items.count, start + pageSize)
        return (items[start..<end], end < items.count ? Self.token(for: end) : nil)
    }

    /// Puts the page's token, if any, into an answer.
    static func answer(_ object: [String: JSONValue], nextToken: String?) -> JSONValue {
        var object = object
        if let nextToken { object["nextToken"] = .string(nextToken) }
        return .object(object)
    }

    private static let marker = "pizzadash-page:"

    static func token(for offset: Int) -> String { Data((marker + String(offset)).utf8).base64EncodedString() }

    static func offset(of token: String) -> Int? {
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8), text.hasPrefix(marker),
              let offset = Int(text.dropFirst(marker.count)), offset >= 0 else { return nil }
        return offset
    }
}
