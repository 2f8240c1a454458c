import Foundation
import Crypto

/// SHA-256 and HMAC-SHA256, the two primitives of SigV4 (from swift-crypto).
enum Hashing {
    /// The lowercase hex SHA-256 digest of `bytes`.
    static func sha256Hex<Bytes: DataProtocol>(_ bytes: Bytes) -> String {
        Hex.encode(SHA256.hash(data: bytes))
    }

    /// The lowercase hex SHA-256 digest of the UTF-8 of `text`.
    static func sha256Hex(_ text: String) -> String {
        sha256Hex(Array(text.utf8))
    }

    /// HMAC-SHA256 of `message` under `key`, as raw bytes.
    static func hmac(key: [UInt8], _ message: String) -> [UInt8] {
        let code = HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: key))
        return Array(code)
    }
}
