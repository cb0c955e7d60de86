extension SpotPolicyDocument {
    /// The trust policy of Spot's FinOps role: accounts 884866656237 and 627743545735, with an
    /// `sts:ExternalId` condition.
    ///
    /// Embedded verbatim (with its final newline): the text of
    /// `shared/reference/spot-policies/trust-finops-with-externalid.json`.
    /// - Holds: the role's `AssumeRolePolicyDocument` in that template.
    /// - Repository: `spotinst/spotinst-examples` (GitHub)
    /// - Path: `CloudFormation/IAM-Roles/Eco/json/spot-iam-finopsrole-stack-restricted-read-only.json`
    /// - Commit: `0a103eb99231f2e5a5dea1352a48d929a5e05723`
    /// - Licence: Apache License 2.0 (`LICENSE` at that commit)
    static let trustFinOpsText = #"""
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Action": "sts:AssumeRole",
              "Principal": {
                "AWS": [
                  "arn:aws:iam::884866656237:root",
                  "arn:aws:iam::627743545735:root"
                ]
              },
              "Effect": "Allow",
              "Condition": {
                "StringEquals": {
                  "sts:ExternalId": {
                    "Ref": "ExternalId"
                  }
                }
              }
            }
          ]
        }

        """#
}
