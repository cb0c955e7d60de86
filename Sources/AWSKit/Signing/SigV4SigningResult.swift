/// A signed request together with every intermediate value of its SigV4 signature, for tests
/// and for debugging a signature that AWS rejects (its error message quotes the canonical
/// request and the string to sign it expected).
public struct SigV4SigningResult: Sendable, Equatable {
    /// The request with `X-Amz-Date`, `Host`, `X-Amz-Security-Token`, `X-Amz-Content-Sha256`
    /// and `Authorization` set as the signer's rules require.
    public var request: AWSRequest
    /// The canonical request: method, canonical URI, canonical query, canonical headers,
    /// signed headers and payload hash, separated by newlines.
    public var canonicalRequest: String
    /// The string to sign: `AWS4-HMAC-SHA256`, the timestamp, the credential scope and the hex
    /// SHA-256 of the canonical request, separated by newlines.
    public var stringToSign: String
    /// The signature: lower-case hex HMAC-SHA256 of the string to sign with the derived key.
    public var signature: String
    /// The names of the signed headers, lower case, sorted, joined by `;`.
    public var signedHeaders: String
    /// The credential scope, `yyyyMMdd/region/service/aws4_request`.
    public var credentialScope: String
    /// The hex SHA-256 of the body (or the `X-Amz-Content-Sha256` value given by the caller)
    /// that ends the canonical request.
    public var payloadHash: String
    /// The value of the `Authorization` header.
    public var authorization: String

    /// Creates a result from its parts.
    public init(
        request: AWSRequest,
        canonicalRequest: String,
        stringToSign: String,
        signature: String,
        signedHeaders: String,
        credentialScope: String,
        payloadHash: String,
        authorization: String
    ) {
        self.request = request
        self.canonicalRequest = canonicalRequest
        self.stringToSign = stringToSign
        self.signature = signature
        self.signedHeaders = signedHeaders
        self.credentialScope = credentialScope
        self.payloadHash = payloadHash
        self.authorization = authorization
    }
}
