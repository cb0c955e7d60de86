import AWSKit
import Foundation
import HTTPCore
import Testing

/// `CloudFormationClient` against a real moto_server: create, describe, update (with and
/// without a change), events, delete, a stack that does not exist, and a reused
/// `ClientRequestToken`. Every test works in its own payer account (AssumeRole into a random
/// account id), so they run in parallel in one server.
///
/// moto completes stacks synchronously and never rolls back, so the statuses seen here are
/// `CREATE_COMPLETE`, `UPDATE_COMPLETE` and `DELETE_COMPLETE`; the other statuses, event paging
/// and the request's encoding are covered by ``CloudFormationClientWireTests``.
@Suite("CloudFormation client on moto")
struct CloudFormationClientTests {
    /// One test's payer account on the shared server.
    struct Payer {
        var account: String
        var credentials: StaticCredentialProvider
        var cloudFormation: CloudFormationClient
        var moto: MotoServer

        init(region: String = "us-east-1") async throws {
            moto = try await MotoServer.shared()
            account = MotoAccounts.uniqueAccountID()
            credentials = try await MotoAccounts.credentials(in: account, region: region, moto: moto)
            cloudFormation = CloudFormationClient(client: moto.client(), endpoint: moto.endpoint(for: .cloudFormation, region: region))
        }

        /// Every stack the account has in the region (DescribeStacks without a name).
        func allStacks() async throws -> [AWSXMLElement] {
            let call = QueryRequest(action: "DescribeStacks", version: "2010-05-15")
                .call(service: .cloudFormation, endpoint: cloudFormation.endpoint)
            let response = try await cloudFormation.client.send(call, credentials: credentials)
            let result = try QueryResponse.result(of: response, action: "DescribeStacks", service: .cloudFormation)
            return QueryResponse.members(of: result.child("Stacks"))
        }
    }

    /// A small template in the shape of onboarding's: a named IAM role trusted with an
    /// `sts:ExternalId` condition, the `ExternalId` parameter visible (not NoEcho), and the
    /// role's ARN as an output. `description` changes the template without changing resources.
    static func template(description: String = "onboard test stack") -> String {
        """
        {
          "AWSTemplateFormatVersion": "2010-09-09",
          "Description": "\(description)",
          "Parameters": {
            "ExternalId": {"Type": "String", "MinLength": 2, "Description": "Spot's external id"}
          },
          "Resources": {
            "SpotRole": {
              "Type": "AWS::IAM::Role",
              "Properties": {
                "RoleName": "SpotOnboardTestRole",
                "AssumeRolePolicyDocument": {
                  "Version": "2012-10-17",
                  "Statement": [{
                    "Effect": "Allow",
                    "Principal": {"AWS": "arn:aws:iam::922761411349:root"},
                    "Action": "sts:AssumeRole",
                    "Condition": {"StringEquals": {"sts:ExternalId": {"Ref": "ExternalId"}}}
                  }]
                }
              }
            }
          },
          "Outputs": {
            "SpotRoleArn": {"Description": "The role Spot assumes", "Value": {"Fn::GetAtt": ["SpotRole", "Arn"]}}
          }
        }
        """
    }

    static func uniqueStackName(_ purpose: String) -> String {
        "onboard-test-\(purpose)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    static func create(_ name: String, externalID: String = "ext-initial-0001", in payer: Payer) async throws -> String {
        try await payer.cloudFormation.createStack(
            name: name, templateBody: template(), parameters: [StackParameter(key: "ExternalId", value: externalID)],
            capabilities: [.namedIAM], clientRequestToken: "create-\(name)",
            tags: [StackTag(key: "managed-by", value: "onboard")], credentials: payer.credentials)
    }

    @Test("CreateStack, then DescribeStacks reads the status, the ExternalId in force and the role output back")
    func createThenDescribe() async throws {
        let payer = try await Payer()
        let name = Self.uniqueStackName("create")
        let started = Date().addingTimeInterval(-60)

        let stackID = try await Self.create(name, externalID: "ext-create-0001", in: payer)
        #expect(stackID.hasPrefix("arn:aws:cloudformation:us-east-1:\(payer.account):stack/\(name)/"))

        let stack = try #require(try await payer.cloudFormation.describeStack(name: name, credentials: payer.credentials))
        #expect(stack.id == stackID)
        #expect(stack.name == name)
        #expect(stack.status == .createComplete)
        #expect(stack.status.isSuccessful && stack.status.isTerminal && !stack.status.isInProgress)
        #expect(stack.description == "onboard test stack")
        #expect(stack.parameters == [StackParameter(key: "ExternalId", value: "ext-create-0001")])
        #expect(stack.parameter("ExternalId") == "ext-create-0001")
        #expect(stack.output("SpotRoleArn") == "arn:aws:iam::\(payer.account):role/SpotOnboardTestRole")
        #expect(stack.outputs.first?.description == "The role Spot assumes")
        #expect(stack.tags == [StackTag(key: "managed-by", value: "onboard")])
        let created = try #require(stack.creationTime)
        #expect(created > started && created < Date().addingTimeInterval(60))
        // By id as well as by name.
        #expect(try await payer.cloudFormation.describeStack(name: stackID, credentials: payer.credentials)?.name == name)
    }

    @Test("UpdateStack with a new ExternalId updates; the same template and parameters again is noUpdatesNeeded")
    func updateWithAndWithoutChange() async throws {
        let payer = try await Payer()
        let name = Self.uniqueStackName("update")
        let stackID = try await Self.create(name, externalID: "ext-before-0001", in: payer)

        let changed = try await payer.cloudFormation.updateStack(
            name: name, templateBody: Self.template(), parameters: [StackParameter(key: "ExternalId", value: "ext-after-0002")],
            capabilities: [.namedIAM], clientRequestToken: "update-1-\(name)", credentials: payer.credentials)
        #expect(changed == .updating(stackID: stackID))
        #expect(changed.stackID == stackID)

        let updated = try #require(try await payer.cloudFormation.describeStack(name: name, credentials: payer.credentials))
        #expect(updated.status == .updateComplete)
        #expect(updated.status.disposition == .succeeded)
        #expect(updated.parameter("ExternalId") == "ext-after-0002")
        #expect(updated.output("SpotRoleArn") == "arn:aws:iam::\(payer.account):role/SpotOnboardTestRole")

        let unchanged = try await payer.cloudFormation.updateStack(
            name: name, templateBody: Self.template(), parameters: [StackParameter(key: "ExternalId", value: "ext-after-0002")],
            capabilities: [.namedIAM], clientRequestToken: "update-2-\(name)", credentials: payer.credentials)
        #expect(unchanged == .noUpdatesNeeded)
        #expect(unchanged.stackID == nil)

        // A template change alone is an update too. (moto keeps the Description of the
        // template the stack was created with, so only the outcome is checked.)
        let described = try await payer.cloudFormation.updateStack(
            name: name, templateBody: Self.template(description: "onboard test stack, described anew"),
            parameters: [StackParameter(key: "ExternalId", value: "ext-after-0002")], capabilities: [.namedIAM],
            credentials: payer.credentials)
        #expect(described == .updating(stackID: stackID))
    }

    @Test("A stack that does not exist describes as nil; UpdateStack on it is an error, not noUpdatesNeeded")
    func missingStack() async throws {
        let payer = try await Payer()
        let name = Self.uniqueStackName("missing")

        #expect(try await payer.cloudFormation.describeStack(name: name, credentials: payer.credentials) == nil)

        let error = try await #require(throws: AWSError.self) {
            try await payer.cloudFormation.updateStack(
                name: name, templateBody: Self.template(), parameters: [StackParameter(key: "ExternalId", value: "ext-none-0001")],
                credentials: payer.credentials)
        }
        #expect(error.code == "ValidationError")
        #expect(error.message == "Stack with id \(name) does not exist")
        #expect(error.httpStatus == 400)
        #expect(CloudFormationClient.isMissingStack(error))
        #expect(!CloudFormationClient.isNoUpdates(error))

        let eventsError = try await #require(throws: AWSError.self) {
            try await payer.cloudFormation.describeStackEvents(name: name, credentials: payer.credentials)
        }
        #expect(eventsError.code == "ValidationError")
    }

    @Test("DescribeStackEvents lists the stack's history newest first")
    func eventsNewestFirst() async throws {
        let payer = try await Payer()
        let name = Self.uniqueStackName("events")
        let stackID = try await Self.create(name, in: payer)
        _ = try await payer.cloudFormation.updateStack(
            name: name, templateBody: Self.template(), parameters: [StackParameter(key: "ExternalId", value: "ext-events-0002")],
            capabilities: [.namedIAM], credentials: payer.credentials)

        let events = try await payer.cloudFormation.describeStackEvents(name: name, credentials: payer.credentials)

        // moto records stack-level events only: CREATE_IN_PROGRESS, CREATE_COMPLETE, UPDATE_IN_PROGRESS, …
        #expect(events.count >= 3)
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.timestamp >= $1.timestamp })
        #expect(events.last?.status == "CREATE_IN_PROGRESS")
        #expect(events.last?.statusReason == "User Initiated")
        #expect(events.map(\.status).contains("CREATE_COMPLETE"))
        #expect(events.first?.status?.hasPrefix("UPDATE_") == true)
        for event in events {
            #expect(event.stackID == stackID)
            #expect(event.stackName == name)
            #expect(event.logicalResourceID == name)
            #expect(event.resourceType == "AWS::CloudFormation::Stack")
            #expect(!event.id.isEmpty)
            #expect(!event.isFailure)
        }
        let newest = try await payer.cloudFormation.describeStackEvents(name: name, limit: 1, credentials: payer.credentials)
        #expect(newest == [events[0]])
    }

    @Test("DeleteStack removes the stack: gone by name, DELETE_COMPLETE by id; deleting again is no error")
    func deleteStack() async throws {
        let payer = try await Payer()
        let name = Self.uniqueStackName("delete")
        let stackID = try await Self.create(name, in: payer)

        try await payer.cloudFormation.deleteStack(name: name, clientRequestToken: "delete-\(name)", credentials: payer.credentials)

        #expect(try await payer.cloudFormation.describeStack(name: name, credentials: payer.credentials) == nil)
        let byID = try #require(try await payer.cloudFormation.describeStack(name: stackID, credentials: payer.credentials))
        #expect(byID.status == .deleteComplete)
        #expect(byID.status.disposition == .deleted)
        try await payer.cloudFormation.deleteStack(name: name, credentials: payer.credentials)
        // (moto leaves the stack's named IAM role behind on delete, so the same template cannot
        // be created again in this account: nothing here relies on that.)
    }

    /// moto ignores `ClientRequestToken` (it does not even record it on events): a CreateStack
    /// repeated with the same name and token is refused as AlreadyExistsException, and the
    /// account still holds one stack. Real CloudFormation recognises the retried request by its
    /// token; either way a retried CreateStack never makes a second stack.
    @Test("A CreateStack repeated with the same ClientRequestToken makes no second stack (moto: AlreadyExistsException)")
    func reusedClientRequestToken() async throws {
        let payer = try await Payer()
        let name = Self.uniqueStackName("token")
        let stackID = try await Self.create(name, in: payer)

        let error = try await #require(throws: AWSError.self) {
            try await Self.create(name, in: payer)
        }
        #expect(error.code == "AlreadyExistsException")
        #expect(error.message == "Stack \(name) already exists")
        #expect(!error.isRetryable)

        let stacks = try await payer.allStacks()
        #expect(stacks.count == 1)
        #expect(stacks.first?.string("StackId") == stackID)
        let events = try await payer.cloudFormation.describeStackEvents(name: name, credentials: payer.credentials)
        #expect(events.allSatisfy { $0.clientRequestToken == nil })
    }

    @Test("The same stack name in two payer accounts is two stacks, each in its own account")
    func stacksPerAccount() async throws {
        let (first, second) = try await (Payer(), Payer())
        let name = Self.uniqueStackName("accounts")

        async let firstID = Self.create(name, externalID: "ext-first-0001", in: first)
        async let secondID = Self.create(name, externalID: "ext-second-0002", in: second)
        let ids = try await [firstID, secondID]

        #expect(ids[0].contains(":\(first.account):stack/\(name)/"))
        #expect(ids[1].contains(":\(second.account):stack/\(name)/"))
        let firstStack = try await first.cloudFormation.describeStack(name: name, credentials: first.credentials)
        let secondStack = try await second.cloudFormation.describeStack(name: name, credentials: second.credentials)
        #expect(firstStack?.parameter("ExternalId") == "ext-first-0001")
        #expect(secondStack?.parameter("ExternalId") == "ext-second-0002")
        #expect(secondStack?.output("SpotRoleArn") == "arn:aws:iam::\(second.account):role/SpotOnboardTestRole")
    }
}

/// The wire side of `CloudFormationClient` against ``FaultServer``: what each call sends, event
/// paging, and responses moto never gives (in-progress and failed statuses, millisecond
/// timestamps, real AWS's error documents).
@Suite("CloudFormation client on the wire")
struct CloudFormationClientWireTests {
    static let transport = AsyncHTTPClientTransport()
    static let credentials = StaticCredentialProvider(
        AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing"))

    static func client(_ server: FaultServer) -> CloudFormationClient {
        CloudFormationClient(
            client: AWSClient(
                configuration: AWSClient.Configuration(retryPolicy: RetryPolicy(maximumAttempts: 1), requestTimeout: 5),
                transport: transport),
            endpoint: server.endpoint(signingName: "cloudformation", region: "eu-west-1"))
    }

    /// The form body as name/value pairs, in order.
    static func form(_ request: FaultServer.RecordedRequest) -> [(String, String)] {
        request.bodyText.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (
                String(parts[0]).removingPercentEncoding ?? String(parts[0]),
                parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : "")
        }
    }

    /// Whether `date` is `epochSeconds` (to the microsecond: dates are floating point).
    static func seconds(_ date: Date, from epochSeconds: Double) -> Bool {
        abs(date.timeIntervalSince1970 - epochSeconds) < 0.000_001
    }

    static func xml(_ body: String) -> FaultServer.Reply {
        .ok(body, headers: [(name: "Content-Type", value: "text/xml")])
    }

    @Test("CreateStack sends parameters, capabilities, tags and the token as the query protocol lists them")
    func createStackEncoding() async throws {
        let server = try FaultServer(otherwise: Self.xml("""
            <CreateStackResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
              <CreateStackResult><StackId>arn:aws:cloudformation:eu-west-1:123456789012:stack/spot/abc</StackId></CreateStackResult>
              <ResponseMetadata><RequestId>b9b4b068-3a41-11e5-94eb-example</RequestId></ResponseMetadata>
            </CreateStackResponse>
            """))
        let id = try await Self.client(server).createStack(
            name: "spot", templateBody: "{\"Resources\": {}}",
            parameters: [StackParameter(key: "ExternalId", value: "a b&c=d"), StackParameter(key: "Products", value: "eco")],
            capabilities: [.namedIAM, .autoExpand], clientRequestToken: "token-1",
            tags: [StackTag(key: "owner", value: "finops")], credentials: Self.credentials)
        #expect(id == "arn:aws:cloudformation:eu-west-1:123456789012:stack/spot/abc")

        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/")
        #expect(request.header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(request.header("Authorization")?.contains("/eu-west-1/cloudformation/aws4_request") == true)
        let form = Self.form(request)
        #expect(form.map(\.0) == [
            "Action", "Version", "StackName", "TemplateBody",
            "Parameters.member.1.ParameterKey", "Parameters.member.1.ParameterValue",
            "Parameters.member.2.ParameterKey", "Parameters.member.2.ParameterValue",
            "Capabilities.member.1", "Capabilities.member.2", "Tags.member.1.Key", "Tags.member.1.Value",
            "ClientRequestToken",
        ])
        #expect(form.map(\.1) == [
            "CreateStack", "2010-05-15", "spot", "{\"Resources\": {}}", "ExternalId", "a b&c=d", "Products", "eco",
            "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND", "owner", "finops", "token-1",
        ])
    }

    @Test("UpdateStack sends UsePreviousValue for kept parameters and reads the real no-op error as noUpdatesNeeded")
    func updateStackEncodingAndNoOp() async throws {
        let server = try FaultServer(otherwise: .queryError("ValidationError", message: "No updates are to be performed."))
        let outcome = try await Self.client(server).updateStack(
            name: "spot", templateBody: "{}", parameters: [.usePrevious("ExternalId")], credentials: Self.credentials)
        #expect(outcome == .noUpdatesNeeded)

        let form = try Self.form(#require(server.requests.first))
        #expect(form.first?.1 == "UpdateStack")
        #expect(form.contains { $0 == ("Parameters.member.1.ParameterKey", "ExternalId") })
        #expect(form.contains { $0 == ("Parameters.member.1.UsePreviousValue", "true") })
        #expect(!form.contains { $0.0 == "Parameters.member.1.ParameterValue" })
        #expect(!form.contains { $0.0 == "ClientRequestToken" || $0.0.hasPrefix("Tags") || $0.0.hasPrefix("Capabilities") })
    }

    @Test("Other UpdateStack errors stay errors")
    func updateStackOtherError() async throws {
        let server = try FaultServer(otherwise: .queryError(
            "InsufficientCapabilitiesException", message: "Requires capabilities : [CAPABILITY_NAMED_IAM]"))
        let error = try await #require(throws: AWSError.self) {
            try await Self.client(server).updateStack(name: "spot", templateBody: "{}", credentials: Self.credentials)
        }
        #expect(error.code == "InsufficientCapabilitiesException")
        #expect(error.operation == "UpdateStack")
        #expect(error.service == "cloudformation")
    }

    @Test("DescribeStacks reads a stack moto never shows: rolled back, with a reason, a NoEcho parameter and millisecond times")
    func describeRolledBackStack() async throws {
        let server = try FaultServer(otherwise: Self.xml("""
            <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
              <DescribeStacksResult>
                <Stacks>
                  <member>
                    <StackId>arn:aws:cloudformation:eu-west-1:123456789012:stack/spot/abc</StackId>
                    <StackName>spot</StackName>
                    <StackStatus>ROLLBACK_COMPLETE</StackStatus>
                    <StackStatusReason>The following resource(s) failed to create: [SpotRole]. Rollback requested by user.</StackStatusReason>
                    <CreationTime>2024-03-01T10:00:00.123Z</CreationTime>
                    <LastUpdatedTime>2024-03-01T10:02:30Z</LastUpdatedTime>
                    <Parameters>
                      <member><ParameterKey>ExternalId</ParameterKey><ParameterValue>ext-0001</ParameterValue></member>
                      <member><ParameterKey>Secret</ParameterKey><ParameterValue>****</ParameterValue></member>
                    </Parameters>
                    <Outputs/>
                  </member>
                </Stacks>
              </DescribeStacksResult>
              <ResponseMetadata><RequestId>example</RequestId></ResponseMetadata>
            </DescribeStacksResponse>
            """))
        let stack = try #require(try await Self.client(server).describeStack(name: "spot", credentials: Self.credentials))
        #expect(stack.status == .rollbackComplete)
        #expect(stack.status.mustBeRecreated)
        #expect(stack.status.isTerminal)
        #expect(!stack.status.isSuccessful)
        #expect(stack.statusReason == "The following resource(s) failed to create: [SpotRole]. Rollback requested by user.")
        #expect(stack.parameters.map(\.key) == ["ExternalId", "Secret"])
        #expect(stack.parameter("Secret") == "****")
        #expect(stack.outputs.isEmpty)
        #expect(try Self.seconds(#require(stack.creationTime), from: 1_709_287_200.123))
        #expect(try Self.seconds(#require(stack.lastUpdatedTime), from: 1_709_287_350))

        let form = try Self.form(#require(server.requests.first))
        #expect(form.map(\.0) == ["Action", "Version", "StackName"])
    }

    @Test("The real 'does not exist' error document describes as nil")
    func describeMissingRealError() async throws {
        let server = try FaultServer(otherwise: .queryError("ValidationError", message: "Stack with id spot does not exist"))
        #expect(try await Self.client(server).describeStack(name: "spot", credentials: Self.credentials) == nil)
    }

    @Test("Other ValidationErrors from DescribeStacks stay errors")
    func describeOtherValidationError() async throws {
        let server = try FaultServer(otherwise: .queryError("ValidationError", message: "1 validation error detected: Value at 'stackName' failed"))
        let error = try await #require(throws: AWSError.self) {
            try await Self.client(server).describeStack(name: "", credentials: Self.credentials)
        }
        #expect(error.code == "ValidationError")
    }

    static func eventsPage(_ events: [(id: String, time: String, status: String, reason: String?)], next: String?) -> FaultServer.Reply {
        let members = events.map { event in
            """
            <member><StackId>arn:aws:cloudformation:eu-west-1:123456789012:stack/spot/abc</StackId><EventId>\(event.id)</EventId>\
            <StackName>spot</StackName><LogicalResourceId>SpotRole</LogicalResourceId><PhysicalResourceId>spot-SpotRole</PhysicalResourceId>\
            <ResourceType>AWS::IAM::Role</ResourceType><Timestamp>\(event.time)</Timestamp><ResourceStatus>\(event.status)</ResourceStatus>\
            \(event.reason.map { "<ResourceStatusReason>\($0)</ResourceStatusReason>" } ?? "")\
            <ClientRequestToken>token-1</ClientRequestToken></member>
            """
        }.joined()
        return xml("""
            <DescribeStackEventsResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
              <DescribeStackEventsResult><StackEvents>\(members)</StackEvents>\(next.map { "<NextToken>\($0)</NextToken>" } ?? "")</DescribeStackEventsResult>
            </DescribeStackEventsResponse>
            """)
    }

    @Test("DescribeStackEvents follows NextToken across pages and keeps newest first")
    func eventsPaging() async throws {
        let server = try FaultServer([
            Self.eventsPage([
                ("e5", "2024-03-01T10:02:30.500Z", "ROLLBACK_COMPLETE", nil),
                ("e4", "2024-03-01T10:02:00Z", "DELETE_COMPLETE", nil),
            ], next: "page-2"),
            Self.eventsPage([
                ("e3", "2024-03-01T10:01:00.250Z", "CREATE_FAILED", "Resource handler returned message: \"Access Denied\""),
                ("e2", "2024-03-01T10:00:30Z", "CREATE_IN_PROGRESS", nil),
            ], next: "page-3"),
            Self.eventsPage([("e1", "2024-03-01T10:00:00Z", "CREATE_IN_PROGRESS", "User Initiated")], next: nil),
        ])
        let events = try await Self.client(server).describeStackEvents(name: "spot", credentials: Self.credentials)

        #expect(events.map(\.id) == ["e5", "e4", "e3", "e2", "e1"])
        let failure = try #require(events.first { $0.isFailure })
        #expect(failure.statusReason == "Resource handler returned message: \"Access Denied\"")
        #expect(failure.logicalResourceID == "SpotRole")
        #expect(failure.physicalResourceID == "spot-SpotRole")
        #expect(failure.resourceType == "AWS::IAM::Role")
        #expect(failure.clientRequestToken == "token-1")
        #expect(Self.seconds(failure.timestamp, from: 1_709_287_260.25))

        let tokens = server.requests.map { request in Self.form(request).first { $0.0 == "NextToken" }?.1 }
        #expect(tokens == [nil, "page-2", "page-3"])
    }

    @Test("DescribeStackEvents with a limit stops paging once it has enough")
    func eventsLimit() async throws {
        let server = try FaultServer([
            Self.eventsPage([("e3", "2024-03-01T10:01:00Z", "CREATE_COMPLETE", nil), ("e2", "2024-03-01T10:00:30Z", "CREATE_IN_PROGRESS", nil)], next: "page-2"),
            Self.eventsPage([("e1", "2024-03-01T10:00:00Z", "CREATE_IN_PROGRESS", "User Initiated")], next: nil),
        ])
        let events = try await Self.client(server).describeStackEvents(name: "spot", limit: 1, credentials: Self.credentials)
        #expect(events.map(\.id) == ["e3"])
        #expect(server.requests.count == 1)
    }

    @Test("A NextToken that comes back again is an error, not an endless loop")
    func eventsRepeatedToken() async throws {
        let server = try FaultServer(otherwise: Self.eventsPage([("e1", "2024-03-01T10:00:00Z", "CREATE_IN_PROGRESS", nil)], next: "same"))
        let error = try await #require(throws: AWSError.self) {
            try await Self.client(server).describeStackEvents(name: "spot", credentials: Self.credentials)
        }
        #expect(error.code == "InvalidResponse")
        #expect(server.requests.count == 2)
    }

    @Test("DeleteStack sends the name and the token")
    func deleteStackEncoding() async throws {
        let server = try FaultServer(otherwise: Self.xml("""
            <DeleteStackResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
              <ResponseMetadata><RequestId>example</RequestId></ResponseMetadata>
            </DeleteStackResponse>
            """))
        try await Self.client(server).deleteStack(name: "spot", clientRequestToken: "delete-1", credentials: Self.credentials)
        let form = try Self.form(#require(server.requests.first))
        #expect(form.map(\.0) == ["Action", "Version", "StackName", "ClientRequestToken"])
        #expect(form.map(\.1) == ["DeleteStack", "2010-05-15", "spot", "delete-1"])
    }
}

/// What each stack status means for a caller waiting on its stack.
@Suite("Stack statuses")
struct StackStatusTests {
    @Test func dispositions() {
        let expected: [StackStatus: StackStatus.Disposition] = [
            .createInProgress: .inProgress, .createFailed: .failed, .createComplete: .succeeded,
            .rollbackInProgress: .inProgress, .rollbackFailed: .needsPerson, .rollbackComplete: .mustRecreate,
            .deleteInProgress: .inProgress, .deleteFailed: .needsPerson, .deleteComplete: .deleted,
            .updateInProgress: .inProgress, .updateCompleteCleanupInProgress: .inProgress, .updateComplete: .succeeded,
            .updateFailed: .failed, .updateRollbackInProgress: .inProgress, .updateRollbackFailed: .needsPerson,
            .updateRollbackCompleteCleanupInProgress: .inProgress, .updateRollbackComplete: .rolledBack,
            .reviewInProgress: .needsPerson, .importInProgress: .inProgress, .importComplete: .succeeded,
            .importRollbackInProgress: .inProgress, .importRollbackFailed: .needsPerson,
            .importRollbackComplete: .rolledBack,
        ]
        #expect(Set(expected.keys) == Set(StackStatus.allKnown))
        for (status, disposition) in expected {
            #expect(status.disposition == disposition, "\(status)")
            #expect(status.isTerminal == (disposition != .inProgress), "\(status)")
        }
    }

    @Test func personNeededAndRecreate() {
        let personNeeded = [StackStatus.rollbackFailed, .deleteFailed, .updateRollbackFailed].allSatisfy { $0.needsPerson }
        #expect(personNeeded)
        #expect(StackStatus.rollbackComplete.mustBeRecreated)
        #expect(!StackStatus.updateRollbackComplete.mustBeRecreated)
        #expect(!StackStatus.reviewInProgress.isInProgress)
    }

    @Test func unknownStatusesAreKept() throws {
        #expect(StackStatus(rawValue: "EXPORT_IN_PROGRESS").disposition == .inProgress)
        #expect(StackStatus(rawValue: "SOMETHING_NEW").disposition == .unrecognized)
        let decoded = try JSONDecoder().decode([StackStatus].self, from: Data(#"["SOMETHING_NEW"]"#.utf8))
        #expect(decoded.first?.rawValue == "SOMETHING_NEW")
        #expect(String(decoding: try JSONEncoder().encode(StackStatus.createComplete), as: UTF8.self) == #""CREATE_COMPLETE""#)
    }
}
