/// Where one service is reached in one partition, and how requests to it are signed.
public struct ServiceEndpoint: Sendable, Hashable, Codable {
    /// The base URL, scheme and host (and port for a local endpoint), without a trailing slash.
    public var url: String
    /// The region in the SigV4 credential scope.
    public var signingRegion: String
    /// The service name in the SigV4 credential scope.
    public var signingName: String
    /// Whether the URL came from an override (`AWS_ENDPOINT_URL…` or `--aws-endpoint-url`).
    /// S3 uses path-style addressing on such endpoints.
    public var isCustom: Bool

    public init(url: String, signingRegion: String, signingName: String, isCustom: Bool) {
        self.url = url
        self.signingRegion = signingRegion
        self.signingName = signingName
        self.isCustom = isCustom
    }
}
