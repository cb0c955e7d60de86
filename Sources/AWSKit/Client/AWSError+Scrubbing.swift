import HTTPCore
extension AWSError {
    /// This error with `scrubber`'s secrets, and pieces of them, removed from its code, message
    /// and request id: what a server echoes back cannot carry them into a log or a report.
    public func scrubbed(by scrubber: SecretScrubber) -> AWSError {
        guard !scrubber.isEmpty else { return self }
        var copy = self
        copy.code = scrubber.scrub(code)
        copy.message = scrubber.scrub(message)
        copy.requestID = scrubber.scrub(requestID)
        return copy
    }

    /// This error without the secret access key and session token of `credentials`, the ones
    /// the failed attempt was signed with.
    public func scrubbingSecrets(of credentials: AWSCredentials) -> AWSError {
        scrubbed(by: SecretScrubber(secrets: [credentials.secretAccessKey] + (credentials.sessionToken.map { [$0] } ?? [])))
    }

    /// This error without any secret `registry` knows (AWS keys, session tokens, Spot tokens).
    public func scrubbingKnownSecrets(_ registry: SecretRegistry = .shared) -> AWSError {
        var copy = self
        copy.code = registry.scrub(code)
        copy.message = registry.scrub(message)
        copy.requestID = registry.scrub(requestID)
        return copy
    }
}
