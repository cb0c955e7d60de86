import AWSKit
import Foundation

/// Corrects moto where its CloudFormation resolves `AWS::Partition` wrongly in China.
///
/// moto 5.2.1's CloudFormation gives the pseudo parameter `AWS::Partition` the value `aws` in
/// every region (verified: moto/cloudformation/parsing.py, `"AWS::Partition": "aws"`), where
/// CloudFormation gives `aws-cn` in the China regions (AWS CloudFormation User Guide, "Pseudo
/// parameters reference", `AWS::Partition`). So a managed policy a stack made in an aws-cn
/// account holds `arn:aws:` ARNs in moto where the real service holds `arn:aws-cn:`, and a
/// client reading the policy back (IAM GetPolicyVersion) would see a document the real
/// service never returns.
///
/// Only a policy that a live stack of the account lists among its resources (its physical id,
/// from ListStacks and DescribeStackResources in the regions of ``StackRegistry``) is
/// corrected; a policy made through IAM is answered as moto holds it. The correction takes every
/// `arn:aws:` of such a document as moto's `${AWS::Partition}`: a template that wrote `arn:aws:`
/// literally for the China partition would be misread (no template of onboard's does: they are
/// partition-neutral).
struct ChinaStackPolicyCorrection: Sendable {
    let moto: MotoGateway
    let stacks: StackRegistry

    /// Whether policy `arn` is a resource of a live stack of `account` in aws-cn.
    func isStackPolicy(arn: String, account: String) async -> Bool {
        for region in stacks.regions(account: account, partition: "aws-cn") {
            guard let listed = await moto.cloudFormation(account: account, region: region, "ListStacks"),
                let summaries = listed.root?.at("ListStacksResult", "StackSummaries")
            else { continue }
            for summary in summaries.children("member") where summary.string("StackStatus") != "DELETE_COMPLETE" {
                guard let name = summary.string("StackName"),
                    let described = await moto.cloudFormation(
                        account: account, region: region, "DescribeStackResources", [("StackName", name)]),
                    let resources = described.root?.at("DescribeStackResourcesResult", "StackResources")?.children("member")
                else { continue }
                if resources.contains(where: {
                    $0.string("ResourceType") == "AWS::IAM::ManagedPolicy" && $0.string("PhysicalResourceId") == arn
                }) {
                    return true
                }
            }
        }
        return false
    }

    /// A GetPolicyVersion answer with its document's `arn:aws:` ARNs made `arn:aws-cn:`, the
    /// document percent-encoded as IAM returns it; nil when the body holds no document.
    static func corrected(_ body: [UInt8]) -> [UInt8]? {
        let text = String(decoding: body, as: UTF8.self)
        guard let document = AWSXMLElement.parse(body)?.string("GetPolicyVersionResult", "PolicyVersion", "Document"),
            let open = text.range(of: "<Document>"), let close = text.range(of: "</Document>", range: open.upperBound..<text.endIndex)
        else { return nil }
        let decoded = document.removingPercentEncoding ?? document
        let fixed = decoded.replacingOccurrences(of: "arn:aws:", with: "arn:aws-cn:")
        guard let encoded = fixed.addingPercentEncoding(withAllowedCharacters: .alphanumerics) else { return nil }
        return Array((text[..<open.upperBound] + encoded + text[close.lowerBound...]).utf8)
    }
}
