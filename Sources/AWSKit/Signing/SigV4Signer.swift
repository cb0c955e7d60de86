import Crypto
import Foundation

/// Signs requests with AWS Signature Version 4 (`AWS4-HMAC-SHA256`, credentials in the
/// `Authorization` header).
///
/// The signer never reads the clock: the signing time is the `date` argument, so a test (or a
/// caller correcting for clock skew) decides it.
///
/// ```swift
/// let signer = SigV4Signer(signingName: "sts", region: "us-east-1")
/// let signed = signer.sign(request, credentials: credentials, date: Date())
/// ```
public struct SigV4Signer: Sendable, Hashable {
    /// Where the session token of temporary credentials goes.
    public enum SessionTokenPlacement: Sendable, Hashable {
        /// `X-Amz-Security-Token` is set before signing and is one of the signed headers. Most
        /// services, S3 and STS among them, accept this.
        case signed
        /// `X-Amz-Security-Token` is added after the signature is computed, unsigned, for the
        /// few services that want it so.
        case addedAfterSigning
    }

    /// The service name in the credential scope, such as `sts` or `s3`.
    public var signingName: String
    /// The region in the credential scope, such as `us-east-1`.
    public var region: String
    /// Whether S3's rules apply: the path is neither normalised nor encoded a second time, and
    /// `X-Amz-Content-Sha256` is sent and signed.
    public var usesS3Rules: Bool
    /// Where the session token of temporary credentials goes.
    public var sessionTokenPlacement: SessionTokenPlacement

    /// The algorithm name that starts the string to sign and the `Authorization` value.
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// Creates a signer for one service in one region.
    ///
    /// - Parameters:
    ///   - signingName: The service name in the credential scope (`sts`, `s3`, `iam`, …).
    ///   - region: The region in the credential scope.
    ///   - usesS3Rules: Pass `true` for S3 (and S3-compatible endpoints).
    ///   - sessionTokenPlacement: Whether the session token is signed (the default) or added
    ///     after signing.
    public init(
        signingName: String,
        region: String,
        usesS3Rules: Bool = false,
        sessionTokenPlacement: SessionTokenPlacement = .signed
    ) {
        self.signingName = signingName
        self.region = region
        self.usesS3Rules = usesS3Rules
        self.sessionTokenPlacement = sessionTokenPlacement
    }

    /// Returns `request` signed at `date` with `credentials`.
    ///
    /// The result has `X-Amz-Date` (replacing any given), `Host` (when absent),
    /// `X-Amz-Security-Token` (when the credentials have a session token),
    /// `X-Amz-Content-Sha256` (with S3 rules, unless given) and `Authorization` (replacing any
    /// given). The other headers, the path, the query and the body are unchanged.
    public func sign(_ request: AWSRequest, credentials: AWSCredentials, date: Date) -> AWSRequest {
        signWithDetails(request, credentials: credentials, date: date).request
    }

    /// Signs like ``sign(_:credentials:date:)`` and also returns the canonical request, the
    /// string to sign and the other intermediate values.
    ///
    /// The payload hash is the value of an `X-Amz-Content-Sha256` header when the request has
    /// one (so S3 callers may send `UNSIGNED-PAYLOAD`), and the hex SHA-256 of the body
    /// otherwise.
    public func signWithDetails(
        _ request: AWSRequest,
        credentials: AWSCredentials,
        date: Date
    ) -> SigV4SigningResult {
        var signed = request
        let timestamp = Self.timestamp(for: date)
        let dateStamp = String(timestamp.prefix(8))

        signed.setHeader("X-Amz-Date", to: timestamp)
        if signed.firstHeader(named: "Host") == nil {
            signed.addHeader("Host", value: signed.hostHeaderValue)
        }

        let payloadHash: String
        if let given = signed.firstHeader(named: "X-Amz-Content-Sha256") {
            payloadHash = SigV4Canonicalizer.trimmed(given)
        } else {
            payloadHash = AWSPercentEncoding.lowercaseHex(SHA256.hash(data: signed.body))
            if usesS3Rules {
                signed.setHeader("X-Amz-Content-Sha256", to: payloadHash)
            }
        }

        if let token = credentials.sessionToken {
            switch sessionTokenPlacement {
            case .signed: signed.setHeader("X-Amz-Security-Token", to: token)
            case .addedAfterSigning: signed.removeHeaders(named: "X-Amz-Security-Token")
            }
        }

        let headers = SigV4Canonicalizer.canonicalHeaders(signed.headers)
        let canonicalRequest = [
            signed.method,
            SigV4Canonicalizer.canonicalURI(path: signed.path, s3Rules: usesS3Rules),
            SigV4Canonicalizer.canonicalQuery(signed.queryItems),
            headers.canonicalHeaders,
            headers.signedHeaders,
            payloadHash,
        ].joined(separator: "\n")

        let credentialScope = "\(dateStamp)/\(region)/\(signingName)/aws4_request"
        let stringToSign = [
            Self.algorithm,
            timestamp,
            credentialScope,
            AWSPercentEncoding.lowercaseHex(SHA256.hash(data: Array(canonicalRequest.utf8))),
        ].joined(separator: "\n")

        let key = Self.signingKey(
            secretAccessKey: credentials.secretAccessKey, dateStamp: dateStamp,
            region: region, signingName: signingName)
        let signature = AWSPercentEncoding.lowercaseHex(
            HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))

        let authorization =
            "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(credentialScope), "
            + "SignedHeaders=\(headers.signedHeaders), Signature=\(signature)"

        if let token = credentials.sessionToken, sessionTokenPlacement == .addedAfterSigning {
            signed.addHeader("X-Amz-Security-Token", value: token)
        }
        signed.removeHeaders(named: "Authorization")
        signed.addHeader("Authorization", value: authorization)

        return SigV4SigningResult(
            request: signed,
            canonicalRequest: canonicalRequest,
            stringToSign: stringToSign,
            signature: signature,
            signedHeaders: headers.signedHeaders,
            credentialScope: credentialScope,
            payloadHash: payloadHash,
            authorization: authorization)
    }

    /// The SigV4 timestamp of `date` in UTC, `yyyyMMdd'T'HHmmss'Z'` (fractions of a second
    /// dropped), as sent in `X-Amz-Date`.
    public static func timestamp(for date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSince1970: days)
        return padded(year, 4) + padded(month, 2) + padded(day, 2) + "T"
            + padded(secondOfDay / 3_600, 2) + padded(secondOfDay % 3_600 / 60, 2)
            + padded(secondOfDay % 60, 2) + "Z"
    }

    /// The signing key: `AWS4` + secret, then HMAC-SHA256 over the date, the region, the
    /// service and `aws4_request` in turn.
    static func signingKey(
        secretAccessKey: String,
        dateStamp: String,
        region: String,
        signingName: String
    ) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(secretAccessKey)".utf8))
        for part in [dateStamp, region, signingName, "aws4_request"] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key))
        }
        return key
    }

    /// The proleptic Gregorian date of a day count from 1970-01-01 (H. Hinnant's algorithm).
    private static func civilDate(daysSince1970: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = daysSince1970 + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// `value` in decimal, left-padded with zeros to `width` digits.
    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
