import Foundation

/// `$formatNumber`, `$formatInteger` and `$parseInteger` (XPath/XQuery F&O 3.1 pictures).
enum NumberFormatting {
    static func formatNumber(_ x: Double, _ picture: String, _ options: JObject?) throws(JSONataError) -> String {
        throw JSONataError("D3080")
    }
    static func formatInteger(_ x: Double, _ picture: String) throws(JSONataError) -> String {
        throw JSONataError("D3130")
    }
    static func parseInteger(_ s: String, _ picture: String) throws(JSONataError) -> Double? {
        throw JSONataError("D3130")
    }
}
