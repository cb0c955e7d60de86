import AccountList
import Foundation
import Onboarding
import Testing

/// The embedded copies of Spot's published documents against the project's reference files.
@Suite("Spot's published policy documents")
struct PolicySourceTests {
    @Test("the embedded text is JSON-equal to the reference file", arguments: SpotPolicyDocument.allCases)
    func embeddedTextMatchesReference(_ document: SpotPolicyDocument) throws {
        let reference = try JSONSerialization.jsonObject(with: PolicyReferenceFiles.data(document.fileName))
        let embedded = try JSONSerialization.jsonObject(with: Data(document.text.utf8))
        #expect(
            try PolicyReferenceFiles.canonical(embedded) == PolicyReferenceFiles.canonical(reference),
            "the text embedded for \(document.fileName) differs from shared/reference/spot-policies")
    }

    @Test("the parsed document prints back JSON-equal to the reference, keys in the published order",
          arguments: SpotPolicyDocument.allCases)
    func parsedValueMatchesReference(_ document: SpotPolicyDocument) throws {
        let printed = document.value.prettyPrinted()
        let reparsed = try JSONSerialization.jsonObject(with: Data(printed.utf8))
        let reference = try JSONSerialization.jsonObject(with: PolicyReferenceFiles.data(document.fileName))
        #expect(try PolicyReferenceFiles.canonical(reparsed) == PolicyReferenceFiles.canonical(reference))
        // The reference files are 2-space pretty-printed like TemplateValue, so the text is the same.
        #expect(printed == document.text)
    }

    @Test("the source names the repository, path and commit the folder's README gives",
          arguments: SpotPolicyDocument.allCases)
    func sourceIsInTheReadme(_ document: SpotPolicyDocument) throws {
        let readme = String(decoding: try PolicyReferenceFiles.data("README.md"), as: UTF8.self)
        let parts = document.source.components(separatedBy: ", ")
        #expect(parts.count >= 4, "\(document.source)")
        let repository = try #require(parts.first)
        #expect(readme.contains(repository), "\(repository)")
        let path = try #require(parts.dropFirst().first?.components(separatedBy: " (").first)
        #expect(readme.contains(path), "\(path)")
        let commit = try #require(parts.first { $0.hasPrefix("commit ") }?.dropFirst("commit ".count))
        #expect(commit.count == 40)
        #expect(readme.contains(String(commit)), "\(commit)")
        #expect(parts.last == "Apache-2.0")
        #expect(readme.contains("### \(document.fileName)") || readme.contains("**\(document.fileName):**"))
        #expect(!document.title.isEmpty)
    }

    @Test("the trust references match the roles' trust: principals and the ExternalId condition")
    func trustReferences() throws {
        let template = StackTemplate(products: [.eco], principals: .commercial)
        let roles = try StackTemplateTests.roles(in: StackTemplateTests.parse(template))
        for (role, file, accounts) in [
            ("SpotRole", "trust-spot-platform.json", ["922761411349"]),
            ("SpotFinOpsRole", "trust-finops-with-externalid.json", ["884866656237", "627743545735"]),
        ] {
            let published = try PolicyReferenceFiles.statements(file)
            let properties = try #require(roles[role])
            let trust = try #require(properties["AssumeRolePolicyDocument"] as? [String: Any])
            let rendered = try #require(trust["Statement"] as? [[String: Any]])
            #expect(rendered.count == published.count)
            for (ours, theirs) in zip(rendered, published) {
                #expect(ours["Effect"] as? String == theirs["Effect"] as? String)
                #expect(try PolicyReferenceFiles.canonical(ours["Action"] as Any)
                    == PolicyReferenceFiles.canonical(theirs["Action"] as Any))
                let publishedPrincipals = StackTemplateTests.strings((theirs["Principal"] as? [String: Any])?["AWS"])
                #expect(publishedPrincipals == accounts.map { "arn:aws:iam::\($0):root" })
                let ourPrincipals = StackTemplateTests.subTexts((ours["Principal"] as? [String: Any])?["AWS"])
                #expect(ourPrincipals == accounts.map { "arn:${AWS::Partition}:iam::\($0):root" })
                let publishedCondition = try #require(theirs["Condition"] as? [String: [String: Any]])
                #expect(Array(publishedCondition.keys) == ["StringEquals"])
                #expect(publishedCondition["StringEquals"]?.keys.sorted() == ["sts:ExternalId"])
            }
        }
    }
}
