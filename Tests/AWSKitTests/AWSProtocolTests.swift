import AWSKit
import Foundation
import HTTPCore
import Testing

/// Error decoding for the three protocols, from bodies as the services send them, and the XML
/// reader on a real response.
@Suite("AWS protocols: errors and XML")
struct AWSProtocolTests {
    static func response(_ status: Int, _ body: String, headers: [(name: String, value: String)] = []) -> HTTPResponseData {
        HTTPResponseData(status: status, headers: headers, body: Array(body.utf8))
    }

    // MARK: - Query (STS, IAM, CloudFormation)

    @Test func stsErrorResponse() {
        let body = """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <Error>
                <Type>Sender</Type>
                <Code>InvalidClientTokenId</Code>
                <Message>The security token included in the request is invalid.</Message>
              </Error>
              <RequestId>c4bbd4a3-7f5a-4d1e-9d4f-3e0b5c7f9a10</RequestId>
            </ErrorResponse>
            """
        let error = AWSProtocol.query.decodeError(Self.response(403, body))
        #expect(error.code == "InvalidClientTokenId")
        #expect(error.message == "The security token included in the request is invalid.")
        #expect(error.requestID == "c4bbd4a3-7f5a-4d1e-9d4f-3e0b5c7f9a10")
    }

    @Test func iamErrorResponseWithRequestIDHeader() {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
              <Error>
                <Type>Sender</Type>
                <Code>NoSuchEntity</Code>
                <Message>The role with name SpotRole cannot be found.</Message>
              </Error>
              <RequestId>body-request-id</RequestId>
            </ErrorResponse>
            """
        let error = AWSProtocol.query.decodeError(
            Self.response(404, body, headers: [(name: "x-amzn-RequestId", value: "header-request-id")]))
        #expect(error.code == "NoSuchEntity")
        #expect(error.message == "The role with name SpotRole cannot be found.")
        #expect(error.requestID == "header-request-id")
    }

    @Test func cloudFormationValidationErrors() {
        func body(_ message: String) -> String {
            """
            <ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
              <Error>
                <Type>Sender</Type>
                <Code>ValidationError</Code>
                <Message>\(message)</Message>
              </Error>
              <RequestId>0a1b2c3d-4e5f-6789-abcd-ef0123456789</RequestId>
            </ErrorResponse>
            """
        }
        let missing = AWSProtocol.query.decodeError(Self.response(400, body("Stack with id spot-onboarding does not exist")))
        #expect(missing.code == "ValidationError")
        #expect(missing.message == "Stack with id spot-onboarding does not exist")
        #expect(missing.requestID == "0a1b2c3d-4e5f-6789-abcd-ef0123456789")
        let noop = AWSProtocol.query.decodeError(Self.response(400, body("No updates are to be performed.")))
        #expect(noop.message == "No updates are to be performed.")
        #expect(!AWSError.isRetryable(code: missing.code, status: 400))
    }

    /// moto (authentication on) answers query services with the errors nested in `<Errors>`,
    /// as EC2 does, plus an `X-Amzn-ErrorType` header.
    @Test func nestedErrorsAsMotoSendsThem() {
        let body = """
            <?xml version="1.0" encoding="utf-8"?>
            <ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we \
            calculated does not match the signature you provided.</Message><Type>Sender</Type></Error></Errors></ErrorResponse>
            """
        let error = AWSProtocol.query.decodeError(
            Self.response(403, body, headers: [(name: "X-Amzn-ErrorType", value: "SignatureDoesNotMatch")]))
        #expect(error.code == "SignatureDoesNotMatch")
        #expect(error.message.hasPrefix("The request signature we calculated"))
    }

    @Test func queryMessageWithEntities() {
        let body = """
            <ErrorResponse><Error><Code>AlreadyExistsException</Code>\
            <Message>Stack [spot &amp; co] already exists &lt;really&gt;</Message></Error></ErrorResponse>
            """
        let error = AWSProtocol.query.decodeError(Self.response(400, body))
        #expect(error.code == "AlreadyExistsException")
        #expect(error.message == "Stack [spot & co] already exists <really>")
        #expect(error.requestID == nil)
    }

    @Test func queryThrottlingIsRetryable() {
        let body = "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>"
        let error = AWSProtocol.query.decodeError(Self.response(400, body))
        #expect(error.code == "Throttling")
        #expect(AWSError.isRetryable(code: error.code, status: 400))
    }

    @Test("a proxy's HTML page gives a code for the status", arguments: [(502, "BadGateway"), (503, "ServiceUnavailable"), (504, "GatewayTimeout")])
    func htmlErrorPage(_ status: Int, _ code: String) {
        let html = "<html><head><title>\(status)</title></head><body><center><h1>\(status)</h1></center><hr><center>nginx</center></body></html>"
        let error = AWSProtocol.query.decodeError(Self.response(status, html))
        #expect(error.code == code)
        #expect(AWSError.isRetryable(code: error.code, status: status))
    }

    // MARK: - REST-XML (S3)

    @Test func s3ErrorWithRequestID() {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message>\
            <BucketName>spot-cur-123456789012</BucketName><RequestId>4442587FB7D0A2F9</RequestId>\
            <HostId>vlR7PnpV2Ce81l0PRw6jlUpck7Jo5ZsQjryTjKlc5aLWGVHPZLj5NeC6qMa0emYBDXOo6QBU0Wo=</HostId></Error>
            """
        let error = AWSProtocol.restXML.decodeError(Self.response(404, body))
        #expect(error.code == "NoSuchBucket")
        #expect(error.message == "The specified bucket does not exist")
        #expect(error.requestID == "4442587FB7D0A2F9")
    }

    @Test func s3BucketAlreadyExists() {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>BucketAlreadyExists</Code><Message>The requested bucket name is not available.</Message>\
            <BucketName>spot-cur-123456789012</BucketName><RequestId>8CA6FF8F34A4E2B1</RequestId></Error>
            """
        let error = AWSProtocol.restXML.decodeError(
            Self.response(409, body, headers: [(name: "x-amz-request-id", value: "8CA6FF8F34A4E2B1")]))
        #expect(error.code == "BucketAlreadyExists")
        #expect(error.requestID == "8CA6FF8F34A4E2B1")
        #expect(!AWSError.isRetryable(code: error.code, status: 409))
    }

    @Test func s3SlowDownIsRetryable() {
        let body = "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>A1B2</RequestId></Error>"
        let error = AWSProtocol.restXML.decodeError(Self.response(503, body))
        #expect(error.code == "SlowDown")
        #expect(error.requestID == "A1B2")
        #expect(AWSError.isRetryable(code: error.code, status: 503))
    }

    @Test(
        "S3 HEAD answers have no body: the code comes from the status",
        arguments: [(404, "NotFound"), (403, "Forbidden"), (301, "PermanentRedirect")])
    func s3HeadWithoutBody(_ status: Int, _ code: String) {
        let headers = [
            (name: "x-amz-request-id", value: "7D3F2A8B9C0E1F23"),
            (name: "x-amz-bucket-region", value: "eu-west-1"),
        ]
        let error = AWSProtocol.restXML.decodeError(Self.response(status, "", headers: headers))
        #expect(error.code == code)
        #expect(error.message == "")
        #expect(error.requestID == "7D3F2A8B9C0E1F23")
        #expect(!AWSError.isRetryable(code: error.code, status: status))
    }

    // MARK: - JSON 1.1 (Organizations, CUR)

    @Test(
        "__type plain, qualified and with a URL suffix",
        arguments: [
            "AWSOrganizationsNotInUseException",
            "com.amazonaws.organizations#AWSOrganizationsNotInUseException",
            "AWSOrganizationsNotInUseException:http://internal.amazon.com/coral/com.amazonaws.organizations/",
            "com.amazonaws.organizations#AWSOrganizationsNotInUseException:http://internal.amazon.com/coral/com.amazonaws.organizations/",
        ])
    func jsonErrorType(_ type: String) {
        let body = #"{"__type":"\#(type)","Message":"Your account is not a member of an organization."}"#
        let error = AWSProtocol.json.decodeError(
            Self.response(400, body, headers: [(name: "x-amzn-RequestId", value: "6f1e5d2c-0000-4000-8000-00000000abcd")]))
        #expect(error.code == "AWSOrganizationsNotInUseException")
        #expect(error.message == "Your account is not a member of an organization.")
        #expect(error.requestID == "6f1e5d2c-0000-4000-8000-00000000abcd")
    }

    @Test func curValidationExceptionWithLowercaseMessage() {
        let body = #"{"__type":"com.amazon.coral.validate#ValidationException","message":"Report name is invalid"}"#
        let error = AWSProtocol.json.decodeError(Self.response(400, body))
        #expect(error.code == "ValidationException")
        #expect(error.message == "Report name is invalid")
        #expect(error.requestID == nil)
        #expect(!AWSError.isRetryable(code: error.code, status: 400))
    }

    @Test func jsonThrottlingIsRetryable() {
        let error = AWSProtocol.json.decodeError(Self.response(400, #"{"__type":"ThrottlingException"}"#))
        #expect(error.code == "ThrottlingException")
        #expect(error.message == "")
        #expect(AWSError.isRetryable(code: error.code, status: 400))
    }

    @Test func jsonCodeFromErrorTypeHeader() {
        let error = AWSProtocol.json.decodeError(
            Self.response(
                400, #"{"message":"Rate exceeded"}"#,
                headers: [(name: "X-Amzn-ErrorType", value: "TooManyRequestsException:http://internal.amazon.com/")]))
        #expect(error.code == "TooManyRequestsException")
        #expect(error.message == "Rate exceeded")
    }

    @Test func jsonWithoutBodyFallsBackToStatus() {
        let error = AWSProtocol.json.decodeError(
            Self.response(500, "", headers: [(name: "x-amzn-RequestId", value: "req-500")]))
        #expect(error.code == "InternalError")
        #expect(error.requestID == "req-500")
        #expect(AWSError.isRetryable(code: error.code, status: 500))
    }

    // MARK: - AWSError

    @Test func errorDescriptions() {
        let error = AWSError(
            code: "Throttling", message: "Rate exceeded", httpStatus: 400, requestID: "r-1", service: "sts",
            operation: "GetCallerIdentity", isRetryable: true, attempts: 3)
        #expect(error.shortDescription == "sts GetCallerIdentity: Throttling")
        #expect(error.description == "sts GetCallerIdentity failed: Throttling: Rate exceeded (HTTP 400, request r-1) after 3 attempts")
    }

    // MARK: - XML

    @Test func getCallerIdentityResponse() throws {
        let body = """
            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <GetCallerIdentityResult>
                <Arn>arn:aws:sts::123456789012:assumed-role/OrganizationAccountAccessRole/onboard</Arn>
                <UserId>AROAEXAMPLEEXAMPLEID:onboard</UserId>
                <Account>123456789012</Account>
              </GetCallerIdentityResult>
              <ResponseMetadata>
                <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
              </ResponseMetadata>
            </GetCallerIdentityResponse>
            """
        let root = try #require(AWSXMLElement.parse(Array(body.utf8)))
        #expect(root.name == "GetCallerIdentityResponse")
        #expect(root.string("GetCallerIdentityResult", "Account") == "123456789012")
        #expect(root.string("GetCallerIdentityResult", "Arn") == "arn:aws:sts::123456789012:assumed-role/OrganizationAccountAccessRole/onboard")
        #expect(root.string("GetCallerIdentityResult", "UserId") == "AROAEXAMPLEEXAMPLEID:onboard")
        #expect(root.at("ResponseMetadata", "RequestId")?.text == "01234567-89ab-cdef-0123-456789abcdef")
        #expect(root.children.map(\.name) == ["GetCallerIdentityResult", "ResponseMetadata"])
        #expect(root.string("GetCallerIdentityResult", "Missing") == nil)
    }

    @Test func xmlListsAndAttributes() throws {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <DescribeStacksResponse><DescribeStacksResult><Stacks>
              <member><StackName>a</StackName><Outputs>
                <member><OutputKey>SpotRoleArn</OutputKey><OutputValue>arn:aws:iam::123456789012:role/SpotRole</OutputValue></member>
                <member><OutputKey>SpotFinOpsRoleArn</OutputKey><OutputValue>arn:aws:iam::123456789012:role/SpotFinOps</OutputValue></member>
              </Outputs></member>
            </Stacks></DescribeStacksResult><Tag kind="x">&quot;q&quot; &amp; a</Tag></DescribeStacksResponse>
            """
        let root = try #require(AWSXMLElement.parse(Array(body.utf8)))
        let outputs = try #require(root.at("DescribeStacksResult", "Stacks", "member", "Outputs"))
        #expect(outputs.children("member").compactMap { $0.string("OutputKey") } == ["SpotRoleArn", "SpotFinOpsRoleArn"])
        #expect(root.child("Tag")?.attributes["kind"] == "x")
        #expect(root.string("Tag") == "\"q\" & a")
    }

    @Test func notXML() {
        #expect(AWSXMLElement.parse([]) == nil)
        #expect(AWSXMLElement.parse(Array("{\"__type\":\"x\"}".utf8)) == nil)
        #expect(AWSXMLElement.parse(Array("<a><b></a>".utf8)) == nil)
    }
}
