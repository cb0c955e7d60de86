extension SpotPolicyDocument {
    /// Spot's restricted read-only FinOps (Eco) policy.
    ///
    /// Embedded verbatim (with its final newline): the text of
    /// `shared/reference/spot-policies/finops-restricted-read-only.json`.
    /// - Holds: `Resources.SpotFinOpsManagedPolicy.Properties.PolicyDocument` of that template.
    /// - Repository: `spotinst/spotinst-examples` (GitHub)
    /// - Path: `CloudFormation/IAM-Roles/Eco/json/spot-iam-finopsrole-stack-restricted-read-only.json`
    /// - Commit: `0a103eb99231f2e5a5dea1352a48d929a5e05723`
    /// - Licence: Apache License 2.0 (`LICENSE` at that commit)
    static let finOpsRestrictedReadOnlyText = #"""
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Action": [
                "cloudformation:Describe*",
                "cloudformation:EstimateTemplateCost",
                "cloudformation:Get*",
                "cloudformation:List*",
                "cloudformation:ValidateTemplate",
                "cloudformation:Detect*"
              ],
              "Resource": [
                "*"
              ],
              "Effect": "Allow",
              "Sid": "ReadOnlyCloudFormation"
            },
            {
              "Action": [
                "es:ListElasticsearchInstanceTypes",
                "es:DescribeReservedElasticsearchInstanceOfferings",
                "es:DescribeReservedElasticsearchInstances"
              ],
              "Resource": [
                "*"
              ],
              "Effect": "Allow",
              "Sid": "ReadOnlyElasticSearch"
            },
            {
              "Action": [
                "rds:DescribeReservedDBInstances",
                "rds:DescribeDBInstances",
                "rds:DescribeReservedDBInstancesOfferings",
                "rds:ListTagsForResource"
              ],
              "Resource": [
                "*"
              ],
              "Effect": "Allow",
              "Sid": "ReadOnlyRDS"
            },
            {
              "Action": [
                "redshift:DescribeReservedNodeOfferings",
                "redshift:DescribeReservedNodes",
                "redshift:DescribeClusters"
              ],
              "Resource": [
                "*"
              ],
              "Effect": "Allow",
              "Sid": "ReadOnlyRedshift"
            },
            {
              "Action": [
                "elasticache:DescribeReservedCacheNodesOfferings",
                "elasticache:DescribeReservedCacheNodes",
                "elasticache:DescribeCacheClusters",
                "elasticache:ListAllowedNodeTypeModifications",
                "elasticache:ListTagsForResource"
              ],
              "Resource": [
                "*"
              ],
              "Effect": "Allow",
              "Sid": "ReadOnlyElasticache"
            },
            {
              "Action": [
                "dynamodb:DescribeReservedCapacityOfferings",
                "dynamodb:DescribeReservedCapacity"
              ],
              "Resource": [
                "*"
              ],
              "Effect": "Allow",
              "Sid": "ReadOnlyDynamoDB"
            },
            {
              "Action": [
                "ec2:DescribeHostReservations",
                "ec2:DescribeReservedInstances"
              ],
              "Resource": [
                "*"
              ],
              "Effect": "Allow",
              "Sid": "ReadOnlyEC2"
            },
            {
              "Action": [
                "savingsplans:DescribeSavingsPlanRates",
                "savingsplans:DescribeSavingsPlans",
                "savingsplans:DescribeSavingsPlansOfferingRates",
                "savingsplans:DescribeSavingsPlansOfferings",
                "savingsplans:ListTagsForResource"
              ],
              "Resource": [
                "*"
              ],
              "Effect": "Allow",
              "Sid": "ReadOnlySavingsPlans"
            },
            {
              "Action": [
                "account:GetAccountInformation",
                "billing:GetBillingData",
                "billing:GetBillingDetails",
                "billing:GetBillingNotifications",
                "billing:GetBillingPreferences",
                "billing:GetContractInformation",
                "billing:GetCredits",
                "billing:GetIAMAccessPreference",
                "billing:GetSellerOfRecord",
                "billing:ListBillingViews",
                "ce:DescribeNotificationSubscription",
                "ce:DescribeReport",
                "ce:GetAnomalies",
                "ce:GetAnomalyMonitors",
                "ce:GetAnomalySubscriptions",
                "ce:GetCostAndUsage",
                "ce:GetCostAndUsageWithResources",
                "ce:GetCostCategories",
                "ce:GetCostForecast",
                "ce:GetDimensionValues",
                "ce:GetPreferences",
                "ce:GetReservationCoverage",
                "ce:GetReservationPurchaseRecommendation",
                "ce:GetReservationUtilization",
                "ce:GetRightsizingRecommendation",
                "ce:GetSavingsPlansCoverage",
                "ce:GetSavingsPlansPurchaseRecommendation",
                "ce:GetSavingsPlansUtilization",
                "ce:GetSavingsPlansUtilizationDetails",
                "ce:GetTags",
                "ce:GetUsageForecast",
                "ce:ListCostAllocationTags",
                "ce:ListSavingsPlansPurchaseRecommendationGeneration",
                "consolidatedbilling:GetAccountBillingRole",
                "consolidatedbilling:ListLinkedAccounts",
                "cur:GetClassicReport",
                "cur:GetClassicReportPreferences",
                "cur:ValidateReportDestination",
                "freetier:GetFreeTierAlertPreference",
                "freetier:GetFreeTierUsage",
                "invoicing:GetInvoiceEmailDeliveryPreferences",
                "invoicing:GetInvoicePDF",
                "invoicing:ListInvoiceSummaries",
                "payments:GetPaymentInstrument",
                "payments:GetPaymentStatus",
                "payments:ListPaymentPreferences",
                "tax:GetTaxInheritance",
                "tax:GetTaxRegistrationDocument",
                "tax:ListTaxRegistrations"
              ],
              "Resource": [
                "*"
              ],
              "Effect": "Allow",
              "Sid": "ReadOnlyViewBilling"
            },
            {
              "Action": [
                "cur:GetUsageReport",
                "cur:DescribeReportDefinitions"
              ],
              "Resource": [
                "*"
              ],
              "Effect": "Allow",
              "Sid": "ReadOnlyViewUsage"
            },
            {
              "Action": [
                "s3:GetBucketLocation",
                "s3:AbortMultipartUpload",
                "s3:ListAccessPoints",
                "s3:ListAccessPointsForObjectLambda",
                "s3:ListAllMyBuckets",
                "s3:ListBucket",
                "s3:ListBucketMultipartUploads",
                "s3:ListBucketVersions",
                "s3:ListJobs",
                "s3:ListMultiRegionAccessPoints",
                "s3:ListMultipartUploadParts",
                "s3:ListStorageLensConfigurations",
                "s3:ListStorageLensConfigurations",
                "s3:ListTagsForResource",
                "s3:PutObject",
                "s3:PutObjectTagging",
                "s3:PutObjectAcl"
              ],
              "Resource": "arn:aws:s3:::sc-customer-*",
              "Effect": "Allow",
              "Sid": "S3SyncPermissions"
            },
            {
              "Action": [
                "s3:ListBucket",
                "s3:ListBucketVersions",
                "s3:ListBucketMultipartUploads",
                "s3:GetBucketLocation"
              ],
              "Resource": [
                {
                  "Fn::Join": [
                    "",
                    [
                      "arn:aws:s3:::",
                      {
                        "Ref": "CostAndUsageBucket"
                      }
                    ]
                  ]
                }
              ],
              "Effect": "Allow",
              "Sid": "S3CURBucket"
            },
            {
              "Action": [
                "s3:Get*",
                "s3:List*",
                "s3:Describe*"
              ],
              "Resource": [
                {
                  "Fn::Join": [
                    "",
                    [
                      "arn:aws:s3:::",
                      {
                        "Ref": "CostAndUsageBucket"
                      },
                      "/*"
                    ]
                  ]
                }
              ],
              "Effect": "Allow",
              "Sid": "S3CURObject"
            }
          ]
        }

        """#
}
