import AWSKit
import Foundation
import Testing

/// Unit tests of the SigV4 signer beyond the AWS test suite: S3 rules, the injected clock,
/// session tokens, request building and credential redaction.
@Suite("SigV4 signer")
struct SigV4SignerTests {
    // The example key pair and date of the S3 documentation's SigV4 examples
    // ("Signature Calculations for the Authorization Header", 2013-05-24T00:00:00Z).
    static let s3ExampleCredentials = AWSCredentials(
        accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let s3ExampleDate = Date(timeIntervalSince1970: 1_369_353_600)
    static let s3Signer = SigV4Signer(signingName: "s3", region: "us-east-1", usesS3Rules: true)
    static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    /// SHA-256 of "Welcome to Amazon S3.".
    static let welcomeHash = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"

    static let credentials = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let date = Date(timeIntervalSince1970: 1_440_938_160)

    /// Line `number` (from 0) of a canonical request.
    static func line(_ number: Int, of canonicalRequest: String) -> String {
        let lines = canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)
        return number < lines.count ? String(lines[number]) : "<no line \(number)>"
    }

    // MARK: S3 rules

    @Test("S3 rules keep the path as it is and send and sign X-Amz-Content-Sha256")
    func s3RulesKeepPathAndSignPayloadHash() throws {
        let request = try #require(
            AWSRequest(
                method: "PUT", url: "https://examplebucket.s3.amazonaws.com/my-object//example/./photo.user",
                body: Array("Welcome to Amazon S3.".utf8)))

        let s3 = Self.s3Signer.signWithDetails(request, credentials: Self.credentials, date: Self.date)
        #expect(Self.line(1, of: s3.canonicalRequest) == "/my-object//example/./photo.user")
        #expect(s3.request.path == "/my-object//example/./photo.user")
        #expect(s3.request.firstHeader(named: "X-Amz-Content-Sha256") == Self.welcomeHash)
        #expect(s3.payloadHash == Self.welcomeHash)
        #expect(s3.signedHeaders == "host;x-amz-content-sha256;x-amz-date")
        #expect(s3.canonicalRequest.contains("\nx-amz-content-sha256:\(Self.welcomeHash)\n"))
        #expect(s3.canonicalRequest.hasSuffix("\n\(Self.welcomeHash)"))

        let other = SigV4Signer(signingName: "service", region: "us-east-1")
            .signWithDetails(request, credentials: Self.credentials, date: Self.date)
        #expect(Self.line(1, of: other.canonicalRequest) == "/my-object/example/photo.user")
        #expect(other.request.firstHeader(named: "X-Amz-Content-Sha256") == nil)
        #expect(other.signedHeaders == "host;x-amz-date")
        #expect(other.payloadHash == Self.welcomeHash)
    }

    @Test("the wire path is encoded twice for other services and once for S3")
    func pathEncoding() throws {
        let request = try #require(
            AWSRequest(method: "GET", url: "https://example.amazonaws.com/a%20b/c$d/%E1%88%B4"))
        let other = SigV4Signer(signingName: "service", region: "us-east-1")
            .signWithDetails(request, credentials: Self.credentials, date: Self.date)
        #expect(Self.line(1, of: other.canonicalRequest) == "/a%2520b/c%24d/%25E1%2588%25B4")
        let s3 = Self.s3Signer.signWithDetails(request, credentials: Self.credentials, date: Self.date)
        #expect(Self.line(1, of: s3.canonicalRequest) == "/a%20b/c%24d/%E1%88%B4")
    }

    @Test(
        "non-S3 paths are normalised",
        arguments: [
            ("/", "/"), ("", "/"), ("//", "/"), ("/a/b/../c", "/a/c"), ("/a/b/..", "/a/"),
            ("/a/./b/.", "/a/b/"), ("/../a", "/a"), ("//a//b//", "/a/b/"), ("/a/b", "/a/b"),
        ])
    func pathNormalisation(path: String, canonical: String) {
        let request = AWSRequest(method: "GET", host: "example.amazonaws.com", path: path)
        let result = SigV4Signer(signingName: "service", region: "us-east-1")
            .signWithDetails(request, credentials: Self.credentials, date: Self.date)
        #expect(Self.line(1, of: result.canonicalRequest) == canonical)
    }

    @Test("a caller's X-Amz-Content-Sha256 (such as UNSIGNED-PAYLOAD) is the payload hash")
    func givenPayloadHash() {
        let request = AWSRequest(
            method: "PUT", host: "examplebucket.s3.amazonaws.com", path: "/key",
            headers: [("x-amz-content-sha256", "UNSIGNED-PAYLOAD")], body: Array("data".utf8))
        let result = Self.s3Signer.signWithDetails(request, credentials: Self.credentials, date: Self.date)
        #expect(result.payloadHash == "UNSIGNED-PAYLOAD")
        #expect(result.request.headerValues(named: "X-Amz-Content-Sha256") == ["UNSIGNED-PAYLOAD"])
        #expect(result.canonicalRequest.hasSuffix("\nUNSIGNED-PAYLOAD"))
    }

    // MARK: The S3 documentation's examples

    @Test("S3 example: GET Object with a Range header")
    func s3ExampleGetObject() throws {
        let request = try #require(
            AWSRequest(
                method: "GET", url: "https://examplebucket.s3.amazonaws.com/test.txt",
                headers: [("Range", "bytes=0-9")]))
        let result = Self.s3Signer.signWithDetails(
            request, credentials: Self.s3ExampleCredentials, date: Self.s3ExampleDate)
        #expect(
            result.canonicalRequest == """
                GET
                /test.txt

                host:examplebucket.s3.amazonaws.com
                range:bytes=0-9
                x-amz-content-sha256:\(Self.emptyHash)
                x-amz-date:20130524T000000Z

                host;range;x-amz-content-sha256;x-amz-date
                \(Self.emptyHash)
                """)
        #expect(
            result.stringToSign == """
                AWS4-HMAC-SHA256
                20130524T000000Z
                20130524/us-east-1/s3/aws4_request
                7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972
                """)
        #expect(result.signature == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(
            result.authorization
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test("S3 example: PUT Object with a body, a Date header and a storage class")
    func s3ExamplePutObject() throws {
        let request = try #require(
            AWSRequest(
                method: "PUT", url: "https://examplebucket.s3.amazonaws.com/test$file.text",
                headers: [
                    ("Date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
                ],
                body: Array("Welcome to Amazon S3.".utf8)))
        let result = Self.s3Signer.signWithDetails(
            request, credentials: Self.s3ExampleCredentials, date: Self.s3ExampleDate)
        #expect(
            result.canonicalRequest == """
                PUT
                /test%24file.text

                date:Fri, 24 May 2013 00:00:00 GMT
                host:examplebucket.s3.amazonaws.com
                x-amz-content-sha256:\(Self.welcomeHash)
                x-amz-date:20130524T000000Z
                x-amz-storage-class:REDUCED_REDUNDANCY

                date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class
                \(Self.welcomeHash)
                """)
        #expect(result.stringToSign.hasSuffix("\n9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d"))
        #expect(result.signature == "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
    }

    @Test("S3 example: GET Bucket lifecycle (a query name without a value)")
    func s3ExampleGetBucketLifecycle() throws {
        let request = try #require(AWSRequest(method: "GET", url: "https://examplebucket.s3.amazonaws.com/?lifecycle"))
        let result = Self.s3Signer.signWithDetails(
            request, credentials: Self.s3ExampleCredentials, date: Self.s3ExampleDate)
        #expect(Self.line(2, of: result.canonicalRequest) == "lifecycle=")
        #expect(result.stringToSign.hasSuffix("\n9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca"))
        #expect(result.signature == "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")
    }

    @Test("S3 example: GET Bucket (list objects) with a query")
    func s3ExampleListObjects() throws {
        let request = try #require(
            AWSRequest(method: "GET", url: "https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J"))
        let result = Self.s3Signer.signWithDetails(
            request, credentials: Self.s3ExampleCredentials, date: Self.s3ExampleDate)
        #expect(Self.line(2, of: result.canonicalRequest) == "max-keys=2&prefix=J")
        #expect(result.stringToSign.hasSuffix("\ndf57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7"))
        #expect(result.signature == "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")
    }

    // MARK: The injected clock

    @Test("signing twice with different dates gives different X-Amz-Date and signatures")
    func differentDates() {
        let signer = SigV4Signer(signingName: "sts", region: "us-east-1")
        let request = AWSRequest(method: "GET", host: "sts.amazonaws.com")
        let first = signer.signWithDetails(request, credentials: Self.credentials, date: Self.date)
        let second = signer.signWithDetails(
            request, credentials: Self.credentials, date: Self.date.addingTimeInterval(86_400 + 1))
        #expect(first.request.firstHeader(named: "X-Amz-Date") == "20150830T123600Z")
        #expect(second.request.firstHeader(named: "X-Amz-Date") == "20150831T123601Z")
        #expect(first.credentialScope == "20150830/us-east-1/sts/aws4_request")
        #expect(second.credentialScope == "20150831/us-east-1/sts/aws4_request")
        #expect(first.signature != second.signature)

        // The same date gives the same signature: nothing but the arguments goes in.
        let again = signer.signWithDetails(request, credentials: Self.credentials, date: Self.date)
        #expect(again == first)
    }

    @Test(
        "timestamps are UTC, whole seconds, yyyyMMdd'T'HHmmss'Z'",
        arguments: [
            (0.0, "19700101T000000Z"), (-1.0, "19691231T235959Z"), (951_782_400, "20000229T000000Z"),
            (1_440_938_160.999, "20150830T123600Z"), (4_102_444_799, "20991231T235959Z"),
            (1_709_164_800, "20240229T000000Z"),
        ])
    func timestamps(secondsSince1970: Double, expected: String) {
        #expect(SigV4Signer.timestamp(for: Date(timeIntervalSince1970: secondsSince1970)) == expected)
    }

    @Test("re-signing replaces X-Amz-Date and Authorization instead of repeating them")
    func resigning() {
        let signer = SigV4Signer(signingName: "service", region: "us-east-1")
        let request = AWSRequest(method: "GET", host: "example.amazonaws.com")
        let once = signer.sign(request, credentials: Self.credentials, date: Self.date)
        let twice = signer.sign(once, credentials: Self.credentials, date: Self.date.addingTimeInterval(60))
        #expect(twice.headerValues(named: "X-Amz-Date") == ["20150830T123700Z"])
        #expect(twice.headerValues(named: "Authorization").count == 1)
        #expect(twice.headerValues(named: "Host") == ["example.amazonaws.com"])
        #expect(twice == signer.sign(request, credentials: Self.credentials, date: Self.date.addingTimeInterval(60)))
    }

    // MARK: Session tokens and headers

    @Test("a session token is signed by default, or added unsigned after signing")
    func sessionTokens() {
        let credentials = AWSCredentials(
            accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "token/with+chars==")
        let request = AWSRequest(method: "POST", host: "sts.amazonaws.com")

        let signed = SigV4Signer(signingName: "sts", region: "us-east-1")
            .signWithDetails(request, credentials: credentials, date: Self.date)
        #expect(signed.signedHeaders == "host;x-amz-date;x-amz-security-token")
        #expect(signed.canonicalRequest.contains("\nx-amz-security-token:token/with+chars==\n"))
        #expect(signed.request.headerValues(named: "X-Amz-Security-Token") == ["token/with+chars=="])

        let after = SigV4Signer(signingName: "sts", region: "us-east-1", sessionTokenPlacement: .addedAfterSigning)
            .signWithDetails(request, credentials: credentials, date: Self.date)
        #expect(after.signedHeaders == "host;x-amz-date")
        #expect(!after.canonicalRequest.contains("x-amz-security-token"))
        #expect(after.request.headerValues(named: "X-Amz-Security-Token") == ["token/with+chars=="])
        #expect(after.request.headers.map(\.name).suffix(2) == ["X-Amz-Security-Token", "Authorization"])

        let longTerm = SigV4Signer(signingName: "sts", region: "us-east-1")
            .sign(request, credentials: Self.credentials, date: Self.date)
        #expect(longTerm.firstHeader(named: "X-Amz-Security-Token") == nil)
    }

    @Test("User-Agent and similar client headers are sent but not signed")
    func unsignedHeaders() {
        let request = AWSRequest(
            method: "GET", host: "example.amazonaws.com",
            headers: [("User-Agent", "onboard/1.0"), ("X-Amzn-Trace-Id", "Root=1"), ("Content-Type", "text/plain")])
        let result = SigV4Signer(signingName: "service", region: "us-east-1")
            .signWithDetails(request, credentials: Self.credentials, date: Self.date)
        #expect(result.signedHeaders == "content-type;host;x-amz-date")
        #expect(result.request.firstHeader(named: "user-agent") == "onboard/1.0")
    }

    @Test("Host is added when absent, with the port only when it is not the default")
    func hostHeader() throws {
        let signer = SigV4Signer(signingName: "service", region: "us-east-1")
        let cases = [
            ("http://localhost:4566/", "localhost:4566"), ("https://example.com:443/", "example.com"),
            ("http://example.com:80/x", "example.com"), ("https://example.com:8443", "example.com:8443"),
            ("http://[::1]:9000/", "[::1]:9000"),
        ]
        for (url, host) in cases {
            let request = try #require(AWSRequest(method: "GET", url: url))
            let signed = signer.sign(request, credentials: Self.credentials, date: Self.date)
            #expect(signed.headerValues(named: "Host") == [host], "\(url)")
        }
    }

    // MARK: Requests

    @Test("a request splits a URL into parts and rebuilds it")
    func urlRoundTrip() throws {
        let request = try #require(
            AWSRequest(
                method: "GET", url: "https://user@example.com:8443/a%20b/c?x=1&y=a%2Fb+c&flag&=v&z=%E1%88%B4#fragment"))
        #expect(request.scheme == "https")
        #expect(request.host == "example.com")
        #expect(request.port == 8443)
        #expect(request.path == "/a%20b/c")
        #expect(request.queryItems.map(\.name) == ["x", "y", "flag", "", "z"])
        #expect(request.queryItems.map(\.value) == ["1", "a/b+c", "", "v", "ሴ"])
        #expect(request.url == "https://example.com:8443/a%20b/c?x=1&y=a%2Fb%2Bc&flag=&=v&z=%E1%88%B4")

        let bare = try #require(AWSRequest(method: "GET", url: "HTTPS://sts.amazonaws.com"))
        #expect(bare.scheme == "https")
        #expect(bare.path == "/")
        #expect(bare.url == "https://sts.amazonaws.com/")

        #expect(AWSRequest(method: "GET", url: "sts.amazonaws.com/") == nil)
        #expect(AWSRequest(method: "GET", url: "https:///path") == nil)
        #expect(AWSRequest(method: "GET", url: "https://host:99999/") == nil)
        #expect(AWSRequest(method: "GET", url: "https://host:port/") == nil)
    }

    @Test("encodePath encodes everything but unreserved characters and slashes")
    func encodePath() {
        #expect(
            AWSRequest.encodePath("/bucket/photos/2024 01/a+b=c~d.jpg") == "/bucket/photos/2024%2001/a%2Bb%3Dc~d.jpg")
        #expect(AWSRequest.encodePath("/ሴ") == "/%E1%88%B4")
    }

    @Test("setHeader replaces every header of the name in place, ignoring case")
    func setHeader() {
        var request = AWSRequest(
            method: "GET", host: "h", headers: [("A", "1"), ("x-test", "old"), ("B", "2"), ("X-TEST", "older")])
        request.setHeader("X-Test", to: "new")
        #expect(request.headers.map(\.name) == ["A", "X-Test", "B"])
        #expect(request.headerValues(named: "x-test") == ["new"])
        request.removeHeaders(named: "a")
        request.addHeader("b", value: "3")
        #expect(request.headerValues(named: "B") == ["2", "3"])
    }

    // MARK: Credentials

    @Test("credentials never print the secret or the session token")
    func credentialsRedaction() {
        let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
        let token = "IQoJb3JpZ2luX2VjEXAMPLETOKEN"
        let credentials = AWSCredentials(
            accessKeyID: "ASIAEXAMPLEKEYID", secretAccessKey: secret, sessionToken: token,
            expiration: Date(timeIntervalSince1970: 1_440_938_160))
        var dumped = ""
        dump(credentials, to: &dumped)
        let renderings = [
            credentials.description, credentials.debugDescription, "\(credentials)",
            String(describing: credentials), String(reflecting: credentials), "\([credentials])",
            "\(Optional(credentials) as Any)", dumped,
        ]
        for rendering in renderings {
            #expect(!rendering.contains(secret), "\(rendering)")
            #expect(!rendering.contains(token), "\(rendering)")
            #expect(rendering.contains("ASIAEXAMPLEKEYID"), "\(rendering)")
            #expect(rendering.contains("<redacted>"), "\(rendering)")
        }
        let longTerm = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: secret)
        #expect(!longTerm.description.contains(secret))
        #expect(longTerm.description.contains("sessionToken: nil"))
    }

    @Test("credentials expire at their expiration, optionally early by a margin")
    func credentialsExpiry() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        let credentials = AWSCredentials(
            accessKeyID: "ASIA", secretAccessKey: "s", sessionToken: "t", expiration: now.addingTimeInterval(300))
        #expect(!credentials.isExpired(at: now))
        #expect(credentials.isExpired(at: now, margin: 300))
        #expect(credentials.isExpired(at: now.addingTimeInterval(300)))
        #expect(!AWSCredentials(accessKeyID: "AKIA", secretAccessKey: "s").isExpired(at: .distantFuture))
    }
}
