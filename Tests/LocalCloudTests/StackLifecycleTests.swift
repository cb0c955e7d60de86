import AWSKit
import Foundation
import LocalCloud
import TestSupport
import Testing

/// The CloudFormation lifecycles the sandbox lays over moto's instant stacks when a fault rule
/// asks for them (`stack-in-progress`, `stack-rollback`, `stack-rollback-failed`).
@Suite("Stack lifecycles")
struct StackLifecycleTests {
    static let reason = #"Resource handler returned message: "User is not authorized to perform: iam:CreateRole (Service: Iam, Status Code: 403)""#

    /// A fresh account, its CloudFormation client on the sandbox, and a stack name.
    static func setUp(_ cloud: LocalCloud) async throws
        -> (account: String, credentials: StaticCredentialProvider, stacks: CloudFormationClient, name: String)
    {
        let account = FreshNames.accountID()
        let credentials = try await cloud.credentials(in: account)
        let stacks = CloudFormationClient(client: cloud.client(), endpoint: cloud.endpoint(.cloudFormation))
        return (account, credentials, stacks, "lc-stack-\(UUID().uuidString.prefix(8).lowercased())")
    }

    @Test("stack-in-progress: CREATE_IN_PROGRESS without outputs for stackSeconds, then CREATE_COMPLETE with them")
    func inProgress() async throws {
        let cloud = try LocalCloud.current()
        let (account, credentials, stacks, name) = try await Self.setUp(cloud)
        let rule = FaultRule(
            service: "cloudformation", operation: "CreateStack", account: account, action: .stackInProgress, count: 1,
            stackSeconds: 30)
        try await cloud.addFaults([rule])

        // The sandbox starts the 30 s once moto has answered, so before CreateStack returns. Wide:
        // on a loaded machine CreateStack's answer took 8 s to arrive and a 10 s window had
        // nearly passed before the DescribeStacks.
        let requested = Date()
        let stackID = try await stacks.createStack(name: name, templateBody: ForwardingTests.template, credentials: credentials)
        let created = Date()
        let during = try #require(try await stacks.describeStack(name: name, credentials: credentials))
        let age = Date().timeIntervalSince(created)

        #expect(during.id == stackID)
        #expect(during.status == .createInProgress, "\(age) s after CreateStack returned, \(Date().timeIntervalSince(requested)) s after it was sent")
        #expect(during.outputs.isEmpty)
        #expect(try await cloud.fired(rule) == 1)

        let remaining = 30.5 - Date().timeIntervalSince(created)
        if remaining > 0 { try await Task.sleep(for: .milliseconds(Int(remaining * 1000))) }
        let after = try #require(try await stacks.describeStack(name: name, credentials: credentials))
        #expect(after.status == .createComplete)
        #expect(after.output("Greeting") == "hello from the local cloud")
    }

    @Test("stack-rollback: ROLLBACK_COMPLETE with the reason, a CREATE_FAILED event, update refused, delete and create again")
    func rollback() async throws {
        let cloud = try LocalCloud.current()
        let (account, credentials, stacks, name) = try await Self.setUp(cloud)
        let rule = FaultRule(
            service: "cloudformation", operation: "CreateStack", account: account, action: .stackRollback, count: 1,
            reason: Self.reason)
        try await cloud.addFaults([rule])

        _ = try await stacks.createStack(name: name, templateBody: ForwardingTests.template, credentials: credentials)
        let stack = try #require(try await stacks.describeStack(name: name, credentials: credentials))
        #expect(stack.status == .rollbackComplete)
        #expect(stack.statusReason == Self.reason)
        #expect(stack.outputs.isEmpty)

        let events = try await stacks.describeStackEvents(name: name, credentials: credentials)
        let failed = try #require(events.first { $0.status == "CREATE_FAILED" }, "events: \(events.map { $0.status ?? "" })")
        #expect(failed.statusReason == Self.reason)
        #expect(events.contains { $0.status == "ROLLBACK_COMPLETE" && $0.logicalResourceID == name })

        let update = await awsError {
            _ = try await stacks.updateStack(name: name, templateBody: ForwardingTests.template, credentials: credentials)
        }
        #expect(update?.code == "ValidationError")
        #expect(update?.message.contains("ROLLBACK_COMPLETE") == true, "\(String(describing: update))")

        try await stacks.deleteStack(name: name, credentials: credentials)
        let recreated = try await stacks.createStack(name: name, templateBody: ForwardingTests.template, credentials: credentials)
        let again = try #require(try await stacks.describeStack(name: name, credentials: credentials))
        #expect(again.id == recreated)
        #expect(again.status == .createComplete)
        #expect(again.statusReason == nil)
        #expect(try await cloud.fired(rule) == 1)
    }

    @Test("stack-rollback-failed: ROLLBACK_FAILED with the reason")
    func rollbackFailed() async throws {
        let cloud = try LocalCloud.current()
        let (account, credentials, stacks, name) = try await Self.setUp(cloud)
        let rule = FaultRule(
            service: "cloudformation", operation: "CreateStack", account: account, action: .stackRollbackFailed, count: 1,
            reason: "Resource handler returned message: \"Access Denied\"")
        try await cloud.addFaults([rule])

        _ = try await stacks.createStack(name: name, templateBody: ForwardingTests.template, credentials: credentials)
        let stack = try #require(try await stacks.describeStack(name: name, credentials: credentials))

        #expect(stack.status == .rollbackFailed)
        #expect(stack.statusReason == "Resource handler returned message: \"Access Denied\"")
        let events = try await stacks.describeStackEvents(name: name, credentials: credentials)
        #expect(events.contains { $0.status == "CREATE_FAILED" })
        #expect(events.contains { $0.status == "DELETE_FAILED" })
    }
}
