import Foundation

/// An IAM policy document (identity, resource or trust policy) with the name of where it came
/// from, for messages.
struct PolicyDocument: Sendable, Hashable {
    /// Where the document came from: `inline policy SpotPolicy`, `arn:aws:iam::…:policy/…`.
    var origin: String
    var statements: [PolicyStatement]

    /// A document from `JSONSerialization` output (an object with `Statement`); nil otherwise.
    init?(origin: String, object: Any) {
        guard let object = object as? [String: Any] else { return nil }
        self.origin = origin
        let statement = object["Statement"]
        statements = ((statement as? [Any]) ?? statement.map { [$0] } ?? []).compactMap(PolicyStatement.init)
    }

    /// A document from its JSON text as IAM returns it: plain, or URL-encoded (the real
    /// service's GetRole, GetRolePolicy and GetPolicyVersion). nil when it is not JSON (moto
    /// 5.2.1 answers a Python repr for inline policies made through CloudFormation).
    init?(origin: String, text: String) {
        for candidate in [text, text.removingPercentEncoding].compactMap({ $0 }) {
            if let object = try? JSONSerialization.jsonObject(with: Data(candidate.utf8)),
                let document = PolicyDocument(origin: origin, object: object)
            {
                self = document
                return
            }
        }
        return nil
    }
}
