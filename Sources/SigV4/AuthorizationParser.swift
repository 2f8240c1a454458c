extension AuthorizationHeader {
    /// Parses an `Authorization` header's value, answering malformed ones as AWS does
    /// (`IncompleteSignatureException`, with AWS's wording).
    ///
    /// `hasDate` tells whether the request has an `X-Amz-Date`; AWS reports its absence with the
    /// missing parts of the header.
    public init(parsing value: String, hasDate: Bool = true) throws(AWSAuthError) {
        let trimmed = CanonicalHeaders.canonicalValue(value)
        var credential: String?
        var signedHeaders: String?
        var signature: String?
        let prefix = StringToSign.algorithm + " "
        if trimmed.hasPrefix(prefix) {
            // Parameters are separated by commas, spaces or both, as AWS reads them (so a space inside
            // the credential splits it, and AWS reports the second piece as missing its `=`).
            for pair in trimmed.dropFirst(prefix.count).split(whereSeparator: { $0 == "," || $0 == " " }) {
                guard let equals = pair.firstIndex(of: "=") else {
                    throw .incompleteSignature("'\(pair)' not a valid key=value pair (missing equal-sign) in Authorization header: '\(value)'.")
                }
                let key = pair[..<equals]
                let item = String(pair[pair.index(after: equals)...])
                switch key {
                case "Credential": credential = item
                case "SignedHeaders": signedHeaders = item
                case "Signature": signature = item
                default: continue
                }
            }
        }
        var missing: [String] = []
        if credential == nil { missing.append("Authorization header requires 'Credential' parameter.") }
        if signature == nil { missing.append("Authorization header requires 'Signature' parameter.") }
        if signedHeaders == nil { missing.append("Authorization header requires 'SignedHeaders' parameter.") }
        if !hasDate { missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.") }
        guard missing.isEmpty, let credential, let signedHeaders, let signature else {
            throw .incompleteSignature((missing + ["Authorization=\(value)"]).joined(separator: " "))
        }
        let parts = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5 else {
            throw .incompleteSignature("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '\(credential)'")
        }
        guard parts[4] == CredentialScope.terminator else {
            throw .invalidSignature("Credential should be scoped with a valid terminator: '\(CredentialScope.terminator)', not '\(parts[4])'.")
        }
        self.init(accessKeyID: parts[0], scope: CredentialScope(date: parts[1], region: parts[2], service: parts[3]),
                  signedHeaders: signedHeaders.split(separator: ";").map(String.init), signature: signature)
    }
}
