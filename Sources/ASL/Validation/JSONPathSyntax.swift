/// Syntax checks for the strings a JSONPath definition uses to point into data.
enum JSONPathSyntax {
    /// The intrinsic functions of the Amazon States Language.
    static let intrinsicFunctions: Set<String> = [
        "States.Format", "States.StringToJson", "States.JsonToString", "States.Array", "States.ArrayPartition",
        "States.ArrayContains", "States.ArrayRange", "States.ArrayGetItem", "States.ArrayLength", "States.ArrayUnique",
        "States.Base64Encode", "States.Base64Decode", "States.Hash", "States.JsonMerge", "States.MathRandom",
        "States.MathAdd", "States.StringSplit", "States.UUID",
    ]

    /// Why `s` is not a path (which may use wildcards, filters and slices), or nil when it is one.
    static func pathProblem(_ s: String) -> String? {
        guard s.hasPrefix("$") else { return "must be a path starting with \"$\", not \"\(s)\"" }
        var depth = 0
        var quote: Character?
        for c in s {
            if let q = quote {
                if c == q { quote = nil }
                continue
            }
            switch c {
            case "'", "\"": quote = c
            case "[", "(": depth += 1
            case "]", ")":
                depth -= 1
                if depth < 0 { return "\"\(s)\" is not a valid path: unbalanced brackets" }
            default: break
            }
        }
        if depth != 0 || quote != nil { return "\"\(s)\" is not a valid path: unbalanced brackets" }
        return nil
    }

    /// Why `s` is not a reference path (one node: `.name`, `['name']` and `[index]` steps only), or nil.
    static func referencePathProblem(_ s: String) -> String? {
        if let problem = pathProblem(s) { return problem }
        let notReference = "must be a reference path (no wildcards, filters or slices), not \"\(s)\""
        let chars = Array(s)
        var i = 1
        // `$$` (context object) or `$name` (a variable).
        if i < chars.count, chars[i] == "$" { i += 1 }
        while i < chars.count, isNameCharacter(chars[i]) { i += 1 }
        while i < chars.count {
            switch chars[i] {
            case ".":
                i += 1
                let start = i
                while i < chars.count, isNameCharacter(chars[i]) { i += 1 }
                if i == start { return notReference }
            case "[":
                i += 1
                if i < chars.count, chars[i] == "'" || chars[i] == "\"" {
                    let q = chars[i]
                    i += 1
                    while i < chars.count, chars[i] != q { i += 1 }
                    i += 1
                } else {
                    let start = i
                    while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
                    if i == start { return notReference }
                }
                guard i < chars.count, chars[i] == "]" else { return notReference }
                i += 1
            default:
                return notReference
            }
        }
        return nil
    }

    /// Why `s` is not a call of a known intrinsic function, or nil.
    static func intrinsicProblem(_ s: String) -> String? {
        guard let open = s.firstIndex(of: "("), s.hasSuffix(")") else {
            return "\"\(s)\" is not a valid intrinsic function call"
        }
        let name = String(s[..<open])
        if !intrinsicFunctions.contains(name) { return "unknown intrinsic function \"\(name)\"" }
        do { _ = try IntrinsicCall.cached(s) } catch { return error.cause }
        return nil
    }

    private static func isNameCharacter(_ c: Character) -> Bool {
        !".[]*?@,:'\"()$".contains(c)
    }
}

/// RFC 3339 date-times (`2024-01-31T18:00:00Z`, `2024-01-31T18:00:00.5+01:00`).
enum RFC3339 {
    static func isValid(_ s: String) -> Bool {
        let c = Array(s.utf8)
        func digits(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= c.count else { return nil }
            var n = 0
            for b in c[from..<(from + count)] {
                guard b >= 48, b <= 57 else { return nil }
                n = n * 10 + Int(b - 48)
            }
            return n
        }
        func byte(_ at: Int, _ options: String) -> Bool { at < c.count && options.utf8.contains(c[at]) }
        guard let _ = digits(0, 4), byte(4, "-"), let month = digits(5, 2), byte(7, "-"), let day = digits(8, 2),
              byte(10, "Tt"), let hour = digits(11, 2), byte(13, ":"), let minute = digits(14, 2), byte(16, ":"),
              let second = digits(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60
        else { return false }
        var i = 19
        if byte(i, ".") {
            i += 1
            let start = i
            while i < c.count, c[i] >= 48, c[i] <= 57 { i += 1 }
            if i == start { return false }
        }
        if byte(i, "Zz") { return i + 1 == c.count }
        guard byte(i, "+-"), let offsetHour = digits(i + 1, 2), byte(i + 3, ":"), let offsetMinute = digits(i + 4, 2) else { return false }
        return i + 6 == c.count && offsetHour < 24 && offsetMinute < 60
    }
}
