extension SpotPolicyDocument {
    /// Spot's Billing Engine policy: read of the Cost and Usage Report's bucket and prefix, and
    /// `ce:GetDimensionValues` for account names.
    ///
    /// Embedded verbatim (with its final newline): the text of
    /// `shared/reference/spot-policies/billing-engine.json`.
    /// - Holds: the policy JSON of that page.
    /// - Repository: `spotinst/help` (GitHub)
    /// - Path: `src/docs/billing-engine/tutorials/billing-engine-policy.md`
    /// - Commit: `bc0b8b9f63744a8ced6250bb0be3f308c2b4da79`
    /// - Licence: Apache License 2.0 (`LICENSE` at that commit)
    static let billingEngineText = #"""
        {
          "Statement": [
            {
              "Action": [
                "s3:GetObject",
                "s3:ListBucket"
              ],
              "Effect": "Allow",
              "Resource": [
                {
                  "Fn::Sub": "arn:${AWS::Partition}:s3:::${BEBucket}/${BEPrefix}/*"
                },
                {
                  "Fn::Sub": "arn:${AWS::Partition}:s3:::${BEBucket}"
                }
              ],
              "Sid": "BillingEngineReadCUR"
            },
            {
              "Action": [
                "ce:GetDimensionValues"
              ],
              "Effect": "Allow",
              "Resource": "*",
              "Sid": "BillingEngineAccountNames"
            }
          ],
          "Version": "2012-10-17"
        }

        """#
}
