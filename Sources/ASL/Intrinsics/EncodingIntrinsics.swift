import Digest
import Foundation

/// Intrinsics for encoding, decoding and hashing.
extension IntrinsicFunctions {
    /// Longest input States.Base64Encode, States.Base64Decode and States.Hash accept.
    static let maxEncodingInput = 10_000

    static func checkLength(_ args: IntrinsicArguments, _ text: String) throws(StatesError) {
        guard text.count <= maxEncodingInput else {
            throw .intrinsicFailure("\(args.name): the input has \(text.count) characters, more than the maximum of \(maxEncodingInput)")
        }
    }

    /// States.Base64Encode(string): base64 of the string's UTF-8 bytes.
    static func base64Encode(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.expectCount(1)
        let text = try args.string(0)
        try checkLength(args, text)
        return .string(Data(text.utf8).base64EncodedString())
    }

    /// States.Base64Decode(string): the UTF-8 text that the base64 string encodes.
    static func base64Decode(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.expectCount(1)
        let text = try args.string(0)
        try checkLength(args, text)
        guard let data = Data(base64Encoded: text), let decoded = String(data: data, encoding: .utf8) else {
            throw .intrinsicFailure("\(args.name): the argument is not valid base64-encoded UTF-8 text: \(text)")
        }
        return .string(decoded)
    }

    /// States.Hash(data, algorithm): the lowercase hex digest of the string's UTF-8 bytes with
    /// MD5, SHA-1, SHA-256, SHA-384 or SHA-512.
    static func hash(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.expectCount(2)
        let text = try args.string(0)
        try checkLength(args, text)
        let name = try args.string(1)
        guard let algorithm = Digest.Algorithm(rawValue: name) else {
            let known = Digest.Algorithm.allCases.map(\.rawValue).joined(separator: ", ")
            throw .intrinsicFailure("\(args.name): unsupported algorithm '\(name)'; use one of \(known)")
        }
        return .string(Digest.hex(Digest.hash(Array(text.utf8), algorithm)))
    }
}
