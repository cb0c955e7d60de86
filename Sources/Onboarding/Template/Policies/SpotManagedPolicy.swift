/// One `AWS::IAM::ManagedPolicy` resource of the template: a published document, or one part of
/// it, attached to one role.
///
/// The policy is attached through its own `Roles` property (not the role's `ManagedPolicyArns`,
/// which moto 5.2.1 ignores); its `Ref` to the role also makes CloudFormation create the role
/// first. `ManagedPolicyName` is left to CloudFormation (`<stack>-<logical id>-<suffix>`), so a
/// re-split document never collides with a name in use.
struct SpotManagedPolicy: Sendable, Hashable {
    /// The published document this policy grants (all or part of).
    var source: SpotPolicyDocument
    /// The logical id of the resource.
    var logicalID: String
    /// The logical id of the role it is attached to.
    var roleLogicalID: String
    /// The policy document.
    var document: PolicyDocument
    /// Which part of the document this is, from 1.
    var partNumber: Int
    /// How many parts the document is split into.
    var partCount: Int

    /// The parts of `source`, adapted (``SpotPolicyDocument/adapted``) and split to fit the
    /// managed-policy quota, attached to `roleLogicalID`; logical ids are `baseName` for a
    /// single part, `baseName` + `Part<n>` otherwise.
    static func parts(
        of source: SpotPolicyDocument, baseName: String, roleLogicalID: String, measure: PolicySize
    ) -> [SpotManagedPolicy] {
        let documents = source.adapted.split(maximumSize: PolicySize.managedPolicyLimit) {
            measure.worstCase($0.value)
        }
        return documents.enumerated().map { index, document in
            SpotManagedPolicy(
                source: source,
                logicalID: documents.count == 1 ? baseName : "\(baseName)Part\(index + 1)",
                roleLogicalID: roleLogicalID, document: document, partNumber: index + 1,
                partCount: documents.count)
        }
    }

    /// The resource: `Type`, `Metadata` (the source of the document), `Properties`
    /// (`Description`, `Roles`, `PolicyDocument`).
    var resource: TemplateValue {
        let partText = partCount == 1 ? "" : ", part \(partNumber) of \(partCount)"
        return [
            "Type": "AWS::IAM::ManagedPolicy",
            "Metadata": [
                "SpotPolicyDocument": .string(source.fileName),
                "Source": .string(source.source),
            ],
            "Properties": [
                "Description": .string("\(source.title) (Spot's \(source.fileName)\(partText))."),
                "Roles": [.ref(roleLogicalID)],
                "PolicyDocument": document.value,
            ],
        ]
    }
}
