/// Lowercase hexadecimal encoding, as SigV4 writes hashes and signatures.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// The bytes as lowercase hexadecimal, two digits a byte.
    static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
