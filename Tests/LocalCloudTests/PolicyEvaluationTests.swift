import Foundation
import Testing

@testable import LocalCloud

/// IAM's matching and evaluation rules as the sandbox applies them, without the local cloud.
@Suite("IAM policy evaluation")
struct PolicyEvaluationTests {
    static func document(_ statements: [[String: Any]]) -> PolicyDocument {
        PolicyDocument(origin: "test", object: ["Version": "2012-10-17", "Statement": statements])!
    }

    @Test("Wildcards: * spans any characters, / included; ? one; actions ignore case, resources do not")
    func wildcards() {
        #expect(IAMPattern.matches("s3:Get*", "s3:getobject", caseInsensitive: true))
        #expect(IAMPattern.matches("s3:Get?bject", "s3:GetObject", caseInsensitive: true))
        #expect(!IAMPattern.matches("s3:Get?", "s3:GetObject", caseInsensitive: true))
        #expect(IAMPattern.matches("arn:aws:s3:::b/*", "arn:aws:s3:::b/cur/r/*"))
        #expect(IAMPattern.matches("arn:aws:s3:::b*", "arn:aws:s3:::b"))
        #expect(!IAMPattern.matches("arn:aws:s3:::B/*", "arn:aws:s3:::b/x"))
        #expect(!IAMPattern.matches("arn:aws:s3:::b/cur/r/2026*", "arn:aws:s3:::b/cur/r/*"))
        #expect(IAMPattern.matches("*", ""))
    }

    @Test("NotAction and NotResource; explicit Deny wins; a conditional Allow does not grant")
    func evaluation() {
        let notAction = Self.document([["Effect": "Allow", "NotAction": "iam:*", "Resource": "*"]])
        #expect(PolicyEvaluator.decide(action: "s3:GetObject", resource: "x", policies: [notAction]) == .allowed)
        #expect(PolicyEvaluator.decide(action: "IAM:CreateRole", resource: "x", policies: [notAction]) == .notAllowed)
        let notResource = Self.document([["Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*"]])
        #expect(PolicyEvaluator.decide(action: "s3:GetObject", resource: "arn:aws:s3:::b/k", policies: [notResource]).isAllowed)
        #expect(!PolicyEvaluator.decide(action: "s3:GetObject", resource: "arn:aws:s3:::secret/k", policies: [notResource]).isAllowed)

        let allow = Self.document([["Effect": "Allow", "Action": "*", "Resource": "*"]])
        let deny = PolicyDocument(origin: "the deny", object: [
            "Statement": ["Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"],
        ])!
        #expect(PolicyEvaluator.decide(action: "s3:GetObject", resource: "r", policies: [allow, deny]) == .denied(origin: "the deny"))
        let conditional = Self.document([[
            "Effect": "Allow", "Action": "*", "Resource": "*", "Condition": ["Bool": ["aws:SecureTransport": "true"]],
        ]])
        #expect(PolicyEvaluator.decide(action: "s3:GetObject", resource: "r", policies: [conditional]) == .notAllowed)
    }

    @Test("Template intrinsics: Ref, both Fn::Sub forms, Fn::Join, pseudo parameters, GetAtt of a role, AWS::NoValue")
    func intrinsics() {
        let resolver = TemplateResolver(
            parameters: ["Bucket": "b", "Prefix": "cur/r"], physicalIDs: ["SpotRole": "SpotRole-X"],
            resourceTypes: ["SpotRole": "AWS::IAM::Role"], partition: "aws-cn", account: "111122223333", region: "cn-northwest-1",
            stackName: "s", stackID: "id")
        #expect(resolver.resolve(["Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}/${Prefix}/*"]) as? String
            == "arn:aws-cn:s3:::b/cur/r/*")
        #expect(resolver.resolve(["Fn::Sub": ["${A}-${AWS::AccountId}-${!Literal}", ["A": ["Ref": "Bucket"]]]]) as? String
            == "b-111122223333-${Literal}")
        #expect(resolver.resolve(["Fn::Join": [":", ["x", ["Ref": "AWS::Region"]]]]) as? String == "x:cn-northwest-1")
        #expect(resolver.resolve(["Ref": "SpotRole"]) as? String == "SpotRole-X")
        #expect(resolver.resolve(["Fn::GetAtt": ["SpotRole", "Arn"]]) as? String == "arn:aws-cn:iam::111122223333:role/SpotRole-X")
        #expect(resolver.resolve(["Fn::If": ["C", "a", "b"]]) as? String == TemplateResolver.unresolved)
        let dropped = resolver.resolve(["Keep": "k", "Drop": ["Ref": "AWS::NoValue"]]) as? [String: Any]
        #expect(dropped?.keys.sorted() == ["Keep"])
    }
}
