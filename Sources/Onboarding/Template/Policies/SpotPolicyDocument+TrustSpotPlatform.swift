extension SpotPolicyDocument {
    /// The trust policy of Spot's platform role: account 922761411349, with an `sts:ExternalId`
    /// condition (published as a Terraform interpolation).
    ///
    /// Embedded verbatim (with its final newline): the text of
    /// `shared/reference/spot-policies/trust-spot-platform.json`.
    /// - Holds: the trust policy of the role that file creates.
    /// - Repository: `spotinst/terraform-spotinst-aws-connect` (GitHub)
    /// - Path: `main.tf`
    /// - Commit: `688d2b59c23db42462d2154a4bc6ce132b3c0085`
    /// - Licence: Apache License 2.0 (`LICENSE` at that commit)
    static let trustSpotPlatformText = #"""
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Principal": {
                "AWS": "arn:aws:iam::922761411349:root"
              },
              "Action": "sts:AssumeRole",
              "Condition": {
                "StringEquals": {
                  "sts:ExternalId": "${local.externalids[0]}"
                }
              }
            }
          ]
        }

        """#
}
