import Foundation

/// RFC 3339 timestamps as Step Functions writes them (`2026-11-22T11:34:03.123Z`).
public enum Timestamp {
    /// Formats seconds since 1970 in UTC with milliseconds.
    public static func format(_ seconds: Double) -> String {
        var whole = time_t(seconds.rounded(.down))
        var millis = Int(((seconds - Double(whole)) * 1000).rounded())
        if millis >= 1000 { whole += 1; millis -= 1000 }
        var parts = tm()
        gmtime_r(&whole, &parts)
        let fields = [(Int(parts.tm_year) + 1900, 4), (Int(parts.tm_mon) + 1, 2), (Int(parts.tm_mday), 2),
                      (Int(parts.tm_hour), 2), (Int(parts.tm_min), 2), (Int(parts.tm_sec), 2), (millis, 3)]
        // Digits by hand: String(format:) cost more than the rest of a state transition.
        // Values that do not fit their width (years past 9999 or before 0) keep the printf form.
        guard fields.allSatisfy({ $0.0 >= 0 && $0.0 < Self.powersOfTen[$0.1] }) else {
            return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", fields[0].0, fields[1].0, fields[2].0,
                          fields[3].0, fields[4].0, fields[5].0, millis)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        let separators: [UInt8] = Array("--T::.Z".utf8)
        for (i, (value, width)) in fields.enumerated() {
            var divisor = Self.powersOfTen[width - 1]
            while divisor > 0 {
                bytes.append(UInt8(48 + (value / divisor) % 10))
                divisor /= 10
            }
            bytes.append(separators[i])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let powersOfTen = [1, 10, 100, 1000, 10000]

    /// Parses an RFC 3339 timestamp (`T` separator, `Z` or a `±hh:mm` offset, optional fraction).
    /// Returns seconds since 1970, or nil when the text is not such a timestamp.
    public static func parse(_ text: String) -> Double? {
        let chars = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= chars.count else { return nil }
            var value = 0
            for i in start..<(start + count) {
                let c = chars[i]
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard chars.count >= 20, let year = number(0, 4), chars[4] == UInt8(ascii: "-"), let month = number(5, 2), chars[7] == UInt8(ascii: "-"),
              let day = number(8, 2), chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: "t"),
              let hour = number(11, 2), chars[13] == UInt8(ascii: ":"), let minute = number(14, 2), chars[16] == UInt8(ascii: ":"),
              let second = number(17, 2) else { return nil }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var index = 19
        var fraction = 0.0
        if index < chars.count, chars[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < chars.count, chars[index] >= 48, chars[index] <= 57 {
                fraction += Double(chars[index] - 48) * scale
                scale /= 10
                index += 1
            }
            if index == start { return nil }
        }
        guard index < chars.count else { return nil }
        var offset = 0
        if chars[index] == UInt8(ascii: "Z") || chars[index] == UInt8(ascii: "z") {
            index += 1
        } else if chars[index] == UInt8(ascii: "+") || chars[index] == UInt8(ascii: "-") {
            let sign = chars[index] == UInt8(ascii: "+") ? 1 : -1
            guard let oh = number(index + 1, 2), index + 3 < chars.count, chars[index + 3] == UInt8(ascii: ":"), let om = number(index + 4, 2) else { return nil }
            offset = sign * (oh * 3600 + om * 60)
            index += 6
        } else {
            return nil
        }
        guard index == chars.count else { return nil }
        // Days from civil (Howard Hinnant's algorithm), valid for the proleptic Gregorian calendar.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        return Double(days * 86400 + hour * 3600 + minute * 60 + second - offset) + fraction
    }
}
