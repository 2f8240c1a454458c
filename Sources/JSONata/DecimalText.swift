/// Byte-level helpers for the picture formatters (`$formatNumber`, `$formatInteger`, `$fromMillis`):
/// decimal digits written straight into a UTF-8 buffer, and jsonata-js's decimal rounding done in
/// binary where that is provably exact.
///
/// jsonata-js rounds (`round(x, p)`) by shifting the decimal point through the number's text: it
/// prints `x` (shortest round-trip digits), appends `e±p` and parses that back. `Functions.shift`
/// does the same with Swift strings, which costs a few thousand instructions. ``shift(_:_:)`` here
/// reaches the same double without text whenever `x` has a decimal form of at most 15 significant
/// digits (`DBL_DIG`): such a decimal is the only one of its length that rounds to `x`, so it is
/// the value of `x`'s shortest form, and `R × 10^k` (or `R / 10^k`) with `R < 10^15` and
/// `k ≤ 22` is one correctly rounded IEEE operation on exact operands, as `strtod` would give.
enum DecimalText {
    /// 10^0 ... 10^22, each exact as a Double.
    static let powersOfTen: [Double] = {
        var p: [Double] = [1]
        for _ in 1...22 { p.append(p[p.count - 1] * 10) }
        return p
    }()

    /// 10^0 ... 10^19 as integers.
    static let integerPowersOfTen: [UInt64] = {
        var p: [UInt64] = [1]
        for _ in 1...19 { p.append(p[p.count - 1] * 10) }
        return p
    }()

    /// `Functions.shift(x, p)` (x × 10^p through the decimal text), or nil when it cannot be done
    /// exactly in binary (the caller then uses `Functions.shift`).
    static func shift(_ x: Double, _ p: Int) -> Double? {
        let a = abs(x)
        guard a < 1e15 else { return nil } // also NaN
        if a == 0 { return 0 } // "0e±p" parses to +0
        for q in 0...15 {
            let r = (a * powersOfTen[q]).rounded()
            if r >= 1e15 { return nil }
            guard r / powersOfTen[q] == a else { continue }
            // a's decimal value is r × 10^-q (at most 15 digits): so x × 10^p is r × 10^(p - q)
            let k = p - q
            let shifted: Double
            if k >= 0 {
                guard k <= 22 else { return nil }
                shifted = r * powersOfTen[k]
            } else {
                guard -k <= 22 else { return nil }
                shifted = r / powersOfTen[-k]
            }
            return x < 0 ? -shifted : shifted
        }
        return nil
    }

    /// jsonata-js's `round(x, p)` (half to even, on the decimal text) as the integer `|x| × 10^p`
    /// rounded, when that is below 10^15: then printing the rounded value with `p` decimals
    /// (`toFixed`-like, as `$formatNumber` does) gives exactly that integer's digits with the point
    /// `p` from the right. nil otherwise (the caller then takes the general path).
    static func roundedScaled(_ x: Double, _ p: Int) -> UInt64? {
        guard p >= 0 else { return nil }
        var arg = x
        if p != 0 { arg = shift(x, p) ?? Functions.shift(x, p) }
        // the same arithmetic as Functions.round
        var result = (arg + 0.5).rounded(.down)
        let diff = result - arg
        if abs(diff) == 0.5 && abs(result.truncatingRemainder(dividingBy: 2)) == 1 { result -= 1 }
        let magnitude = abs(result)
        guard magnitude < 1e15 else { return nil } // also NaN
        return UInt64(magnitude)
    }

    /// Appends `v`'s decimal digits (ASCII), left-padded with `0` to at least `width` digits.
    @inline(__always) static func appendDigits(_ v: UInt64, width: Int = 1, to buffer: inout [UInt8]) {
        let start = buffer.count
        var x = v
        repeat {
            buffer.append(UInt8(truncatingIfNeeded: x % 10) &+ 48)
            x /= 10
        } while x != 0
        while buffer.count - start < width { buffer.append(UInt8(ascii: "0")) }
        // written least significant first: reverse in place
        var i = start, j = buffer.count - 1
        while i < j {
            buffer.swapAt(i, j)
            i += 1
            j -= 1
        }
    }

    /// A symbol usable as one byte in the fast paths: printable ASCII, not a digit.
    static func singleByte(_ c: Character) -> UInt8? {
        guard let a = c.asciiValue, a > 0x20, a < 0x7F, !(0x30...0x39).contains(a) else { return nil }
        return a
    }
}
