import AWSKit
import Foundation
import Testing

/// Runs every case of the AWS Signature Version 4 test suite (`aws4_testsuite`): for each, the
/// raw request is signed and the canonical request, string to sign and `Authorization` value
/// are compared with the suite's `.creq`, `.sts` and `.authz` files.
///
/// The suite is read from `$AWS4_TESTSUITE_DIR`, or else from `../shared/testdata/aws4_testsuite`
/// beside the package root. A missing or incomplete suite fails the tests; it never skips them.
@Suite("AWS SigV4 test suite")
struct SigV4SuiteTests {
    @Test("the suite folder exists and holds at least 30 cases")
    func suiteIsPresentAndComplete() {
        let directory = AWS4TestSuite.directory
        let isDirectory = (try? directory.resourceValues(forKeys: [.isDirectoryKey]))?.isDirectory == true
        #expect(isDirectory, "aws4_testsuite not found at \(directory.path)")
        let count = AWS4TestSuite.discoveredCaseNames.count
        #expect(
            count >= AWS4TestSuite.minimumCaseCount,
            "found \(count) cases in \(directory.path), expected at least \(AWS4TestSuite.minimumCaseCount)")
    }

    @Test("suite case", arguments: AWS4TestSuite.caseNames)
    func suiteCase(_ name: String) throws {
        try #require(
            AWS4TestSuite.discoveredCaseNames.contains(name),
            "no suite cases found in \(AWS4TestSuite.directory.path)")
        let testCase = try AWS4TestCase(name: name, suiteDirectory: AWS4TestSuite.directory)
        let raw = testCase.request
        let host = try #require(raw.firstHeader("Host"), "\(name).req has no Host header")
        let request = try #require(
            AWSRequest(
                method: raw.method, url: "https://\(AWS4TestCase.trimmed(host))\(raw.target)",
                headers: raw.headers, body: raw.body),
            "cannot build a request for \(raw.method) \(raw.target)")

        // The suite's token, if any, shows in the signed request; it is signed in the cases whose
        // canonical request lists it (post-sts-header-before, get-vanilla-with-session-token)
        // and added after signing in the other (post-sts-header-after).
        let sessionToken = testCase.signedRequest.firstHeader("X-Amz-Security-Token").map(AWS4TestCase.trimmed)
        let tokenIsSigned = testCase.canonicalRequest
            .split(separator: "\n")
            .contains { $0.hasPrefix("x-amz-security-token:") }
        let signer = SigV4Signer(
            signingName: AWS4TestSuite.service, region: AWS4TestSuite.region,
            sessionTokenPlacement: tokenIsSigned ? .signed : .addedAfterSigning)
        let credentials = AWSCredentials(
            accessKeyID: AWS4TestSuite.accessKeyID, secretAccessKey: AWS4TestSuite.secretAccessKey,
            sessionToken: sessionToken)

        let result = signer.signWithDetails(request, credentials: credentials, date: AWS4TestSuite.date)

        #expect(result.canonicalRequest == testCase.canonicalRequest)
        #expect(result.stringToSign == testCase.stringToSign)
        #expect(result.authorization == testCase.authorization)
        #expect(result.request.firstHeader(named: "Authorization") == testCase.authorization)
        #expect(result.request.headerValues(named: "Authorization").count == 1)

        // The rest of the signed request matches .sreq: same headers in the same order (the
        // Authorization value is checked against .authz above: one case's .sreq disagrees with
        // its own .authz), same body.
        func headerLines(_ headers: [(name: String, value: String)]) -> [String] {
            headers
                .filter { $0.name.lowercased() != "authorization" }
                .map { "\($0.name):\(AWS4TestCase.trimmed($0.value))" }
        }
        #expect(headerLines(result.request.headers) == headerLines(testCase.signedRequest.headers))
        #expect(result.request.body == testCase.signedRequest.body)
    }

    @Test("the suite's date formats as its X-Amz-Date")
    func suiteDate() {
        #expect(SigV4Signer.timestamp(for: AWS4TestSuite.date) == "20150830T123600Z")
    }
}

/// Where the suite is and the fixed inputs of its cases.
enum AWS4TestSuite {
    static let accessKeyID = "AKIDEXAMPLE"
    static let secretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let region = "us-east-1"
    static let service = "service"
    /// 2015-08-30T12:36:00Z.
    static let date = Date(timeIntervalSince1970: 1_440_938_160)
    static let minimumCaseCount = 30

    /// `$AWS4_TESTSUITE_DIR`, or `<package root>/../shared/testdata/aws4_testsuite`.
    static let directory: URL = locate()

    /// The cases found, as paths relative to the suite folder (`get-vanilla`,
    /// `normalize-path/get-space`), sorted.
    static let discoveredCaseNames: [String] = discoverCases(in: directory)

    /// The arguments of the parameterised test: the cases found, or one name that cannot load
    /// when none were, so that the parameterised test fails too instead of running nothing.
    static let caseNames: [String] =
        discoveredCaseNames.isEmpty ? ["<no cases found in \(directory.path)>"] : discoveredCaseNames

    private static func locate(filePath: String = #filePath) -> URL {
        if let override = ProcessInfo.processInfo.environment["AWS4_TESTSUITE_DIR"], !override.isEmpty {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        // Tests/AWSKitTests/<this file> → the package root is three levels up. Symbolic links
        // are resolved first, so a scratch package that links this file finds the real root.
        let packageRoot = URL(fileURLWithPath: filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
        return packageRoot.appendingPathComponent("../shared/testdata/aws4_testsuite", isDirectory: true)
            .standardizedFileURL
    }

    /// A case is a folder `…/NAME/` holding `NAME.req`.
    private static func discoverCases(in directory: URL) -> [String] {
        guard let paths = try? FileManager.default.subpathsOfDirectory(atPath: directory.path) else { return [] }
        return
            paths
            .filter { path in
                let components = path.split(separator: "/")
                guard components.count >= 2, let file = components.last, file.hasSuffix(".req") else {
                    return false
                }
                return file.dropLast(".req".count) == components[components.count - 2]
            }
            .map { path in path.split(separator: "/").dropLast().joined(separator: "/") }
            .sorted()
    }
}

/// One case of the suite: its request and expected results.
struct AWS4TestCase {
    let request: RawHTTPRequest
    let canonicalRequest: String
    let stringToSign: String
    let authorization: String
    let signedRequest: RawHTTPRequest

    /// Loads `name/<last component of name>.{req,creq,sts,authz,sreq}` from the suite.
    init(name: String, suiteDirectory: URL) throws {
        let folder = suiteDirectory.appendingPathComponent(name, isDirectory: true)
        let base = String(name.split(separator: "/").last ?? Substring(name))
        func bytes(_ fileExtension: String) throws -> [UInt8] {
            let file = folder.appendingPathComponent("\(base).\(fileExtension)")
            return [UInt8](try Data(contentsOf: file))
        }
        func text(_ fileExtension: String) throws -> String {
            var text = String(decoding: try bytes(fileExtension), as: UTF8.self)
            while let last = text.unicodeScalars.last, last == "\n" || last == "\r" {
                text.unicodeScalars.removeLast()
            }
            return text
        }
        request = try RawHTTPRequest(try bytes("req"))
        canonicalRequest = try text("creq")
        stringToSign = try text("sts")
        authorization = try text("authz")
        signedRequest = try RawHTTPRequest(try bytes("sreq"))
    }

    /// `value` without leading and trailing spaces and tabs.
    static func trimmed(_ value: String) -> String {
        value.trimmingCharacters(in: .whitespaces)
    }
}

/// A raw HTTP/1.1 request as the suite writes it: request line, headers (with continuation lines
/// kept as `\n` plus the line), a blank line, then the body.
struct RawHTTPRequest {
    struct MalformedRequest: Error, CustomStringConvertible {
        var description: String
    }

    var method: String
    /// The request target exactly as written, which may hold spaces and raw UTF-8.
    var target: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    init(_ bytes: [UInt8]) throws {
        let newline = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r")

        // The head ends at the first empty line (LF LF, or CR LF CR LF).
        var headEnd = bytes.endIndex
        var bodyStart = bytes.endIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == newline {
                var next = index + 1
                if next < bytes.endIndex, bytes[next] == carriageReturn { next += 1 }
                if next < bytes.endIndex, bytes[next] == newline {
                    headEnd = index
                    bodyStart = next + 1
                    break
                }
            }
            index += 1
        }
        body = Array(bytes[bodyStart...])

        var lines = bytes[..<headEnd]
            .split(separator: newline, omittingEmptySubsequences: false)
            .map { line in
                String(decoding: line.last == carriageReturn ? line.dropLast() : line, as: UTF8.self)
            }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard !lines.isEmpty else { throw MalformedRequest(description: "empty request") }

        let requestLine = lines.removeFirst()
        guard let firstSpace = requestLine.firstIndex(of: " "),
            let lastSpace = requestLine.lastIndex(of: " "), firstSpace < lastSpace,
            requestLine[requestLine.index(after: lastSpace)...].hasPrefix("HTTP/")
        else { throw MalformedRequest(description: "bad request line: \(requestLine)") }
        method = String(requestLine[..<firstSpace])
        target = String(requestLine[requestLine.index(after: firstSpace)..<lastSpace])

        headers = []
        for line in lines {
            if line.hasPrefix(" ") || line.hasPrefix("\t") {
                guard !headers.isEmpty else {
                    throw MalformedRequest(description: "continuation line before any header: \(line)")
                }
                headers[headers.count - 1].value += "\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((name: String(line[..<colon]), value: String(line[line.index(after: colon)...])))
            } else {
                throw MalformedRequest(description: "bad header line: \(line)")
            }
        }
    }

    /// The value of the first header named `name`, ignoring case.
    func firstHeader(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
