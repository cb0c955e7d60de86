import AWSKit
import Foundation
import HTTPCore

extension WorkflowWorld {
    static let cloudFormationNamespace = "http://cloudformation.amazonaws.com/doc/2010-05-15/"

    /// CloudFormation: one stack per payer, with a lifecycle (``WorldState/stackPolls``,
    /// ``WorldState/stackOutcome``) and its events stamped with each operation's
    /// `ClientRequestToken`.
    func installCloudFormation() {
        transport.on(CloudOperation.describeStacks) { [self] request in
            guard let id = payerID(of: request) else { return Self.notAPayer(request) }
            let name = request.formFields["StackName"] ?? ""
            return update { state -> ScriptedTransport.Reply in
                guard let stack = state.payers[id]?.stack, stack.name == name || stack.id == name else {
                    return Self.missingStack(name)
                }
                let reply = AWSWire.query(
                    "DescribeStacks", namespace: Self.cloudFormationNamespace,
                    result: AWSWire.members("Stacks", [Self.describe(stack)]))
                Self.advance(&state.payers[id]!.stack)
                return reply
            }
        }
        transport.on(CloudOperation.getTemplate) { [self] request in
            guard let id = payerID(of: request) else { return Self.notAPayer(request) }
            let name = request.formFields["StackName"] ?? ""
            guard let stack = update({ $0.payers[id]?.stack }), stack.name == name || stack.id == name else {
                return Self.missingStack(name)
            }
            return AWSWire.query(
                "GetTemplate", namespace: Self.cloudFormationNamespace, result: AWSWire.element("TemplateBody", stack.templateBody ?? "{}"))
        }
        transport.on(CloudOperation.describeStackEvents) { [self] request in
            guard let id = payerID(of: request) else { return Self.notAPayer(request) }
            let name = request.formFields["StackName"] ?? ""
            guard let stack = update({ $0.payers[id]?.stack }), stack.name == name || stack.id == name else {
                return Self.missingStack(name)
            }
            return AWSWire.query(
                "DescribeStackEvents", namespace: Self.cloudFormationNamespace,
                result: AWSWire.members("StackEvents", stack.events.reversed().map(Self.describe)))
        }
        transport.on(CloudOperation.createStack) { [self] request in
            guard let id = payerID(of: request) else { return Self.notAPayer(request) }
            let region = request.signingScope?.region ?? "us-east-1"
            let partition = partition(of: request)
            let now = clock.now()
            return update { state -> ScriptedTransport.Reply in
                let fields = request.formFields
                let name = fields["StackName"] ?? ""
                if state.payers[id]?.stack != nil {
                    return AWSWire.queryError(code: "AlreadyExistsException", message: "Stack [\(name)] already exists")
                }
                state.madeStacks += 1
                var stack = WorldStack(
                    name: name, accountID: id, region: region, status: .createInProgress,
                    parameters: Self.parameters(request), tags: Self.tags(request), templateBody: fields["TemplateBody"],
                    creationTime: now, serial: state.madeStacks)
                let token = fields["ClientRequestToken"]
                stack.record([(name, "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", "User Initiated")], token: token, now: now)
                Self.finish(&stack, creating: true, state: state, accountID: id, partition: partition, token: token, now: now)
                state.payers[id]?.stack = stack
                return AWSWire.query(
                    "CreateStack", namespace: Self.cloudFormationNamespace, result: AWSWire.element("StackId", stack.id))
            }
        }
        transport.on(CloudOperation.updateStack) { [self] request in
            guard let id = payerID(of: request) else { return Self.notAPayer(request) }
            let partition = partition(of: request)
            let now = clock.now()
            return update { state -> ScriptedTransport.Reply in
                let fields = request.formFields
                let name = fields["StackName"] ?? ""
                guard var stack = state.payers[id]?.stack, stack.name == name else { return Self.missingStack(name) }
                guard [.createComplete, .updateComplete, .updateRollbackComplete, .importComplete].contains(stack.status) else {
                    return AWSWire.queryError(
                        code: "ValidationError",
                        message: "Stack:\(stack.id) is in \(stack.status.rawValue) state and can not be updated.")
                }
                let parameters = Self.parameters(request)
                let tags = Self.tags(request)
                if fields["TemplateBody"] == stack.templateBody, parameters == stack.parameters, tags.isEmpty || tags == stack.tags {
                    return AWSWire.queryError(code: "ValidationError", message: "No updates are to be performed.")
                }
                stack.templateBody = fields["TemplateBody"]
                stack.parameters = parameters
                if !tags.isEmpty { stack.tags = tags }
                stack.status = .updateInProgress
                let token = fields["ClientRequestToken"]
                stack.record([(name, "AWS::CloudFormation::Stack", "UPDATE_IN_PROGRESS", "User Initiated")], token: token, now: now)
                Self.finish(&stack, creating: false, state: state, accountID: id, partition: partition, token: token, now: now)
                state.payers[id]?.stack = stack
                return AWSWire.query(
                    "UpdateStack", namespace: Self.cloudFormationNamespace, result: AWSWire.element("StackId", stack.id))
            }
        }
        transport.on(CloudOperation.deleteStack) { [self] request in
            guard let id = payerID(of: request) else { return Self.notAPayer(request) }
            let now = clock.now()
            update { state in
                guard var stack = state.payers[id]?.stack else { return }
                let token = request.formFields["ClientRequestToken"]
                stack.record([(stack.name, "AWS::CloudFormation::Stack", "DELETE_IN_PROGRESS", "User Initiated")], token: token, now: now)
                if state.stackPolls > 0 {
                    stack.status = .deleteInProgress
                    stack.next = .deleteComplete
                    stack.pollsBeforeNext = state.stackPolls
                    state.payers[id]?.stack = stack
                } else {
                    state.payers[id]?.stack = nil
                }
            }
            return AWSWire.queryEmpty("DeleteStack", namespace: Self.cloudFormationNamespace)
        }
    }

    /// Ends a create or update as ``WorldState/stackOutcome`` says, after ``WorldState/stackPolls`` looks.
    private static func finish(
        _ stack: inout WorldStack, creating: Bool, state: WorldState, accountID: String, partition: String, token: String?,
        now: Date
    ) {
        let roleType = "AWS::IAM::Role"
        let body = stack.templateBody ?? ""
        let final: StackStatus
        switch state.stackOutcome {
        case .complete, .completeWithoutOutputs:
            stack.record([("SpotRole", roleType, creating ? "CREATE_COMPLETE" : "UPDATE_COMPLETE", nil)], token: token, now: now)
            if state.stackOutcome == .complete {
                var outputs = [StackOutput(
                    key: "SpotRoleArn", value: "arn:\(partition):iam::\(accountID):role/\(state.spotRoleName)",
                    description: "ARN of the role Spot's platform assumes (give it to Spot).")]
                if body.contains("SpotFinOpsRole") {
                    outputs.append(StackOutput(
                        key: "SpotFinOpsRoleArn", value: "arn:\(partition):iam::\(accountID):role/\(state.finOpsRoleName)"))
                }
                // An update keeps the outputs in force (same roles), adding any new one.
                stack.outputs = creating ? outputs : stack.outputs + outputs.filter { new in !stack.outputs.contains { $0.key == new.key } }
            } else {
                stack.outputs = []
            }
            final = creating ? .createComplete : .updateComplete
        case .rollback(let cause):
            let failed = creating ? "CREATE_FAILED" : "UPDATE_FAILED"
            stack.record(
                [
                    ("SpotRole", roleType, creating ? "CREATE_IN_PROGRESS" : "UPDATE_IN_PROGRESS", nil),
                    ("SpotRole", roleType, failed, cause),
                    ("SpotFinOpsRole", roleType, failed, "Resource creation cancelled"),
                    (stack.name, "AWS::CloudFormation::Stack", creating ? "ROLLBACK_IN_PROGRESS" : "UPDATE_ROLLBACK_IN_PROGRESS",
                     "The following resource(s) failed to \(creating ? "create" : "update"): [SpotFinOpsRole, SpotRole]. Rollback requested by user."),
                    ("SpotFinOpsRole", roleType, "DELETE_COMPLETE", nil),
                    ("SpotRole", roleType, "DELETE_COMPLETE", nil),
                ], token: token, now: now)
            final = creating ? .rollbackComplete : .updateRollbackComplete
        case .staysInProgress:
            stack.status = creating ? .createInProgress : .updateInProgress
            stack.next = nil
            return
        }
        stack.record([(stack.name, "AWS::CloudFormation::Stack", final.rawValue, nil)], token: token, now: now)
        if state.stackPolls > 0 {
            stack.status = creating ? .createInProgress : .updateInProgress
            stack.next = final
            stack.pollsBeforeNext = state.stackPolls
        } else {
            stack.status = final
            stack.next = nil
        }
    }

    /// One look at a stack in progress: after its last look it moves on (gone once deleted).
    private static func advance(_ stack: inout WorldStack?) {
        guard var current = stack, let next = current.next else { return }
        current.pollsBeforeNext -= 1
        if current.pollsBeforeNext <= 0 {
            current.status = next
            current.next = nil
            if next == .deleteComplete {
                stack = nil
                return
            }
        }
        stack = current
    }

    private static func parameters(_ request: RecordedRequest) -> [StackParameter] {
        request.formStructures("Parameters", key: "ParameterKey", value: "ParameterValue").map { StackParameter(key: $0.key, value: $0.value) }
    }

    private static func tags(_ request: RecordedRequest) -> [StackTag] {
        request.formStructures("Tags", key: "Key", value: "Value").map { StackTag(key: $0.key, value: $0.value) }
    }

    private static func missingStack(_ name: String) -> ScriptedTransport.Reply {
        AWSWire.queryError(code: "ValidationError", message: "Stack with id \(name) does not exist")
    }

    private static func describe(_ stack: WorldStack) -> String {
        let parameters = stack.parameters.map {
            AWSWire.element("ParameterKey", $0.key) + AWSWire.element("ParameterValue", $0.value ?? "")
        }
        let outputs = stack.outputs.map {
            AWSWire.element("OutputKey", $0.key) + AWSWire.element("OutputValue", $0.value) + AWSWire.element("Description", $0.description)
        }
        let tags = stack.tags.map { AWSWire.element("Key", $0.key) + AWSWire.element("Value", $0.value) }
        return AWSWire.element("StackId", stack.id) + AWSWire.element("StackName", stack.name)
            + AWSWire.members("Parameters", parameters) + AWSWire.element("CreationTime", AWSWire.timestamp(stack.creationTime))
            + AWSWire.element("StackStatus", stack.status.rawValue) + AWSWire.element("StackStatusReason", stack.statusReason)
            + "<DisableRollback>false</DisableRollback>" + AWSWire.members("Capabilities", ["CAPABILITY_NAMED_IAM"])
            + AWSWire.members("Outputs", outputs) + AWSWire.members("Tags", tags)
    }

    private static func describe(_ event: StackEvent) -> String {
        AWSWire.element("StackId", event.stackID) + AWSWire.element("EventId", event.id)
            + AWSWire.element("StackName", event.stackName) + AWSWire.element("LogicalResourceId", event.logicalResourceID)
            + AWSWire.element("PhysicalResourceId", event.physicalResourceID ?? "")
            + AWSWire.element("ResourceType", event.resourceType) + AWSWire.element("Timestamp", AWSWire.timestamp(event.timestamp))
            + AWSWire.element("ResourceStatus", event.status) + AWSWire.element("ResourceStatusReason", event.statusReason)
            + AWSWire.element("ClientRequestToken", event.clientRequestToken)
    }
}
