import Foundation

/// `$fromMillis`/`$toMillis`/`$now` with XPath picture strings.
enum DateTimeFormatting {
    static func iso(_ ms: Double) -> String {
        let d = Date(timeIntervalSince1970: ms / 1000)
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: d)
    }
    static func format(_ ms: Double, picture: String?, timezone: String?) throws(JSONataError) -> String {
        throw JSONataError("D3132")
    }
    static func parse(_ s: String, picture: String) throws(JSONataError) -> Double? {
        throw JSONataError("D3136")
    }
    static func parseISO(_ s: String) -> Double? {
        nil
    }
}
