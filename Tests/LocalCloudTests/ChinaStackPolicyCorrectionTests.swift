import Foundation
import Testing

@testable import LocalCloud

/// The sandbox's correction of moto's `AWS::Partition` in a China stack's managed policy, as
/// GetPolicyVersion answers it.
@Suite("China stack policies: moto's arn:aws: read back as arn:aws-cn:")
struct ChinaStackPolicyCorrectionTests {
    static func answer(document: String) -> [UInt8] {
        Array("""
            <GetPolicyVersionResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetPolicyVersionResult><PolicyVersion>\
            <Document>\(document)</Document><VersionId>v1</VersionId><IsDefaultVersion>true</IsDefaultVersion>\
            </PolicyVersion></GetPolicyVersionResult></GetPolicyVersionResponse>
            """.utf8)
    }

    @Test func everyARNOfTheDocumentIsMadeAwsCnAndTheDocumentStaysEncoded() throws {
        let json = #"{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::b/p/*","arn:aws:s3:::b"]}]}"#
        let encoded = try #require(json.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        let corrected = try #require(ChinaStackPolicyCorrection.corrected(Self.answer(document: encoded)))
        let document = try #require(AWSXMLElementReading.document(corrected))
        #expect(document.removingPercentEncoding == json.replacingOccurrences(of: "arn:aws:", with: "arn:aws-cn:"))
        #expect(String(decoding: corrected, as: UTF8.self).contains("<VersionId>v1</VersionId>"), "the rest of the answer is kept")
    }

    @Test func anAnswerWithoutADocumentIsLeftAlone() {
        #expect(ChinaStackPolicyCorrection.corrected(Array("<ErrorResponse><Error><Code>NoSuchEntity</Code></Error></ErrorResponse>".utf8)) == nil)
    }
}

/// Reads the document back as a client would.
enum AWSXMLElementReading {
    static func document(_ body: [UInt8]) -> String? {
        let text = String(decoding: body, as: UTF8.self)
        guard let open = text.range(of: "<Document>"), let close = text.range(of: "</Document>") else { return nil }
        return String(text[open.upperBound..<close.lowerBound])
    }
}
