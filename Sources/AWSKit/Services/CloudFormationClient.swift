import Foundation
import HTTPCore

/// CloudFormation, on the query protocol (version 2010-05-15): the stack operations onboarding
/// needs.
///
/// Every operation is async.
/// The two answers CloudFormation gives as errors but that are outcomes here: UpdateStack's
/// "No updates are to be performed." (``StackUpdateOutcome/noUpdatesNeeded``) and
/// DescribeStacks' "Stack with id … does not exist" (`nil`).
public struct CloudFormationClient: Sendable {
    /// The shared client that signs, retries and sends.
    public let client: AWSClient
    /// Where the calls go and how they are signed.
    public let endpoint: ServiceEndpoint

    /// - Parameters:
    ///   - client: the shared client (signing, retries, transport).
    ///   - endpoint: CloudFormation in the stack's region.
    public init(client: AWSClient, endpoint: ServiceEndpoint) {
        self.client = client
        self.endpoint = endpoint
    }

    static let version = "2010-05-15"

    // MARK: - CreateStack

    /// `CreateStack`: starts making the stack; returns its id. Wait for a terminal status
    /// with ``describeStack(name:credentials:)``.
    ///
    /// - Parameters:
    ///   - clientRequestToken: the same token on a retried call tells CloudFormation it is the
    ///     same request (the client's own retries resend it as is).
    ///   - capabilities: `CAPABILITY_NAMED_IAM` for templates that make named IAM roles.
    public func createStack(
        name: String, templateBody: String, parameters: [StackParameter] = [], capabilities: [StackCapability] = [],
        clientRequestToken: String? = nil, tags: [StackTag] = [], credentials: any CredentialProvider
    ) async throws(AWSError) -> String {
        let query = Self.stackRequest(
            action: "CreateStack", name: name, templateBody: templateBody, parameters: parameters,
            capabilities: capabilities, clientRequestToken: clientRequestToken, tags: tags)
        let response = try await client.send(query.call(service: .cloudFormation, endpoint: endpoint), credentials: credentials)
        return try Self.stackID(in: response, action: "CreateStack")
    }

    // MARK: - UpdateStack

    /// `UpdateStack`: starts updating the stack to `templateBody` and `parameters`, or reports
    /// ``StackUpdateOutcome/noUpdatesNeeded`` when they are those in force.
    ///
    /// `tags` empty leaves the stack's tags as they are.
    public func updateStack(
        name: String, templateBody: String, parameters: [StackParameter] = [], capabilities: [StackCapability] = [],
        clientRequestToken: String? = nil, tags: [StackTag] = [], credentials: any CredentialProvider
    ) async throws(AWSError) -> StackUpdateOutcome {
        let query = Self.stackRequest(
            action: "UpdateStack", name: name, templateBody: templateBody, parameters: parameters,
            capabilities: capabilities, clientRequestToken: clientRequestToken, tags: tags)
        switch await client.result(of: query.call(service: .cloudFormation, endpoint: endpoint), credentials: credentials) {
        case .success(let response): return .updating(stackID: try Self.stackID(in: response, action: "UpdateStack"))
        case .failure(let error) where Self.isNoUpdates(error): return .noUpdatesNeeded
        case .failure(let error): throw error
        }
    }

    // MARK: - DescribeStacks

    /// `DescribeStacks` for one stack, by name or id: the stack, or `nil` when there is none
    /// (a stack deleted is gone by name; by id it reads back as `DELETE_COMPLETE`).
    public func describeStack(name: String, credentials: any CredentialProvider) async throws(AWSError) -> Stack? {
        var query = QueryRequest(action: "DescribeStacks", version: Self.version)
        query.set("StackName", name)
        let response: AWSResponse
        switch await client.result(of: query.call(service: .cloudFormation, endpoint: endpoint), credentials: credentials) {
        case .success(let answer): response = answer
        case .failure(let error) where Self.isMissingStack(error): return nil
        case .failure(let error): throw error
        }
        let element = try QueryResponse.result(of: response, action: "DescribeStacks", service: .cloudFormation)
        let stacks = QueryResponse.members(of: element.child("Stacks"))
        guard let member = stacks.first(where: { $0.string("StackName") == name || $0.string("StackId") == name })
            ?? stacks.first
        else { return nil }
        return try Self.stack(from: member)
    }

    // MARK: - GetTemplate

    /// `GetTemplate`: the template body of the stack `name` (its current template, `Original`
    /// stage), or `nil` when there is no such stack.
    public func getTemplate(name: String, credentials: any CredentialProvider) async throws(AWSError) -> String? {
        var query = QueryRequest(action: "GetTemplate", version: Self.version)
        query.set("StackName", name)
        let response: AWSResponse
        switch await client.result(of: query.call(service: .cloudFormation, endpoint: endpoint), credentials: credentials) {
        case .success(let answer): response = answer
        case .failure(let error) where Self.isMissingStack(error): return nil
        case .failure(let error): throw error
        }
        let element = try QueryResponse.result(of: response, action: "GetTemplate", service: .cloudFormation)
        return element.child("TemplateBody")?.text
    }

    // MARK: - DescribeStackEvents

    /// `DescribeStackEvents`, every page (following `NextToken`), newest first.
    ///
    /// - Parameter limit: stop once this many events are read (the newest ones); `nil` reads
    ///   the whole history.
    public func describeStackEvents(
        name: String, limit: Int? = nil, credentials: any CredentialProvider
    ) async throws(AWSError) -> [StackEvent] {
        var all: [StackEvent] = []
        var nextToken: String?
        var seenTokens: Set<String> = []
        while true {
            let page = try await eventsPage(name: name, nextToken: nextToken, credentials: credentials)
            all += page.events
            guard let token = page.nextToken, limit.map({ all.count < $0 }) ?? true else { break }
            guard !seenTokens.contains(token) else {
                throw AWSError(
                    code: "InvalidResponse", message: "DescribeStackEvents repeated the NextToken \(token)",
                    service: AWSService.cloudFormation.rawValue, operation: "DescribeStackEvents", isRetryable: false)
            }
            seenTokens.insert(token)
            nextToken = token
        }
        // CloudFormation lists newest first; a stable sort keeps that when pages overlap in time.
        let sorted = all.enumerated().sorted { left, right in
            left.element.timestamp != right.element.timestamp
                ? left.element.timestamp > right.element.timestamp : left.offset < right.offset
        }.map(\.element)
        return limit.map { Array(sorted.prefix(max(0, $0))) } ?? sorted
    }

    private func eventsPage(
        name: String, nextToken: String?, credentials: any CredentialProvider
    ) async throws(AWSError) -> (events: [StackEvent], nextToken: String?) {
        var query = QueryRequest(action: "DescribeStackEvents", version: Self.version)
        query.set("StackName", name)
        query.set("NextToken", nextToken)
        let response = try await client.send(query.call(service: .cloudFormation, endpoint: endpoint), credentials: credentials)
        let element = try QueryResponse.result(of: response, action: "DescribeStackEvents", service: .cloudFormation)
        var events: [StackEvent] = []
        for member in QueryResponse.members(of: element.child("StackEvents")) {
            events.append(try Self.event(from: member))
        }
        return (events, element.string("NextToken").flatMap { $0.isEmpty ? nil : $0 })
    }

    // MARK: - DeleteStack

    /// `DeleteStack`: starts deleting the stack. CloudFormation accepts it for a stack that
    /// does not exist; wait until ``describeStack(name:credentials:)`` gives `nil`.
    public func deleteStack(
        name: String, clientRequestToken: String? = nil, credentials: any CredentialProvider
    ) async throws(AWSError) {
        var query = QueryRequest(action: "DeleteStack", version: Self.version)
        query.set("StackName", name)
        query.set("ClientRequestToken", clientRequestToken)
        _ = try await client.send(query.call(service: .cloudFormation, endpoint: endpoint), credentials: credentials)
    }

    // MARK: - Recognising outcomes reported as errors

    /// Whether `error` is UpdateStack's "No updates are to be performed.".
    public static func isNoUpdates(_ error: AWSError) -> Bool {
        error.code == "ValidationError" && error.message.localizedCaseInsensitiveContains("No updates are to be performed")
    }

    /// Whether `error` is DescribeStacks' (or another stack call's) "Stack with id … does not exist".
    public static func isMissingStack(_ error: AWSError) -> Bool {
        error.code == "ValidationError" && error.message.hasPrefix("Stack")
            && error.message.localizedCaseInsensitiveContains("does not exist")
    }

    // MARK: - Encoding and decoding

    static func stackRequest(
        action: String, name: String, templateBody: String, parameters: [StackParameter],
        capabilities: [StackCapability], clientRequestToken: String?, tags: [StackTag]
    ) -> QueryRequest {
        var query = QueryRequest(action: action, version: version)
        query.set("StackName", name)
        query.set("TemplateBody", templateBody)
        query.setStructures("Parameters", parameters.map { parameter in
            var fields: [(key: String, value: String)] = [(key: "ParameterKey", value: parameter.key)]
            if parameter.usePreviousValue {
                fields.append((key: "UsePreviousValue", value: "true"))
            } else if let value = parameter.value {
                fields.append((key: "ParameterValue", value: value))
            }
            return fields
        })
        query.setList("Capabilities", capabilities.map(\.rawValue))
        query.setStructures("Tags", tags.map { [(key: "Key", value: $0.key), (key: "Value", value: $0.value)] })
        query.set("ClientRequestToken", clientRequestToken)
        return query
    }

    private static func stackID(in response: AWSResponse, action: String) throws(AWSError) -> String {
        let element = try QueryResponse.result(of: response, action: action, service: .cloudFormation)
        guard let id = element.string("StackId"), !id.isEmpty else {
            throw invalidResponse(action, "no StackId", response: response)
        }
        return id
    }

    static func stack(from member: AWSXMLElement) throws(AWSError) -> Stack {
        guard let name = member.string("StackName"), let status = member.string("StackStatus") else {
            throw AWSError(
                code: "InvalidResponse", message: "DescribeStacks returned a stack without a name or status",
                service: AWSService.cloudFormation.rawValue, operation: "DescribeStacks", isRetryable: false)
        }
        let parameters = QueryResponse.members(of: member.child("Parameters")).compactMap { item -> StackParameter? in
            guard let key = item.string("ParameterKey") else { return nil }
            return StackParameter(key: key, value: item.child("ParameterValue")?.text ?? "")
        }
        let outputs = QueryResponse.members(of: member.child("Outputs")).compactMap { item -> StackOutput? in
            guard let key = item.string("OutputKey") else { return nil }
            return StackOutput(
                key: key, value: item.child("OutputValue")?.text ?? "", description: item.string("Description"),
                exportName: item.string("ExportName"))
        }
        let tags = QueryResponse.members(of: member.child("Tags")).compactMap { item -> StackTag? in
            guard let key = item.string("Key") else { return nil }
            return StackTag(key: key, value: item.child("Value")?.text ?? "")
        }
        return Stack(
            id: member.string("StackId") ?? "", name: name, status: StackStatus(rawValue: status),
            statusReason: nonEmpty(member.child("StackStatusReason")?.text), description: nonEmpty(member.child("Description")?.text),
            parameters: parameters, outputs: outputs, tags: tags,
            creationTime: CloudFormationTimestamp.parse(member.string("CreationTime")),
            lastUpdatedTime: CloudFormationTimestamp.parse(member.string("LastUpdatedTime")))
    }

    static func event(from member: AWSXMLElement) throws(AWSError) -> StackEvent {
        guard let timestamp = CloudFormationTimestamp.parse(member.string("Timestamp")) else {
            throw AWSError(
                code: "InvalidResponse",
                message: "DescribeStackEvents returned an event without a readable Timestamp "
                    + "(\(member.string("Timestamp") ?? "none"))",
                service: AWSService.cloudFormation.rawValue, operation: "DescribeStackEvents", isRetryable: false)
        }
        return StackEvent(
            id: member.string("EventId") ?? "", stackID: member.string("StackId") ?? "",
            stackName: member.string("StackName") ?? "", timestamp: timestamp,
            logicalResourceID: nonEmpty(member.string("LogicalResourceId")),
            physicalResourceID: nonEmpty(member.string("PhysicalResourceId")),
            resourceType: nonEmpty(member.string("ResourceType")), status: nonEmpty(member.string("ResourceStatus")),
            statusReason: nonEmpty(member.child("ResourceStatusReason")?.text),
            clientRequestToken: nonEmpty(member.string("ClientRequestToken")))
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return text
    }

    private static func invalidResponse(_ action: String, _ detail: String, response: AWSResponse) -> AWSError {
        AWSError(
            code: "InvalidResponse", message: "the \(action) response has \(detail)", httpStatus: response.status,
            requestID: response.header("x-amzn-RequestId"), service: AWSService.cloudFormation.rawValue,
            operation: action, isRetryable: false)
    }
}
