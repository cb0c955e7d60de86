import Foundation
import HTTPCore

extension SecretRegistry {
    /// Keeps the secret access key and the session token of `credentials` (until they expire,
    /// plus ``retention``); the access key id is not a secret.
    public func register(_ credentials: AWSCredentials, now: Date = Date()) {
        register(credentials.secretAccessKey, expiration: credentials.expiration, now: now)
        if let token = credentials.sessionToken {
            register(token, expiration: credentials.expiration, now: now)
        }
    }

    /// Forgets the secret access key and the session token of `credentials` (``forget(_:)``):
    /// for temporary credentials no one will use again.
    public func forget(_ credentials: AWSCredentials) {
        forget(credentials.secretAccessKey)
        if let token = credentials.sessionToken { forget(token) }
    }
}
