/// The permissions Spot publishes for Cost Intelligence: the "Cost Intelligence policy"
/// (spotinst/help `src/docs/cost-intelligence/tutorials/cost-intelligence-policy/README.md` at
/// bc0b8b9f63744a8ced6250bb0be3f308c2b4da79, Apache-2.0; copied in
/// ../shared/reference/spot-policies/cost-intelligence.json). Its two statements are kept as
/// data: the read actions on `*`, and the Elastic Beanstalk object reads.
enum CostIntelligencePolicy {
    /// The first statement's actions, on `"Resource": "*"` (129 actions, as published).
    static let readActions: [String] = [
        "access-analyzer:List*", "acm:DescribeCertificate", "acm:GetCertificate", "acm:ListCertificates",
        "autoscaling:Describe*", "cloudformation:DescribeStacks", "cloudformation:GetStackPolicy",
        "cloudformation:GetTemplate", "cloudformation:ListStackResources", "cloudformation:ListStacks",
        "cloudfront:GetDistributionConfig", "cloudfront:GetStreamingDistributionConfig", "cloudfront:List*",
        "cloudhsm:Describe*", "cloudhsm:List*", "cloudsearch:Describe*", "cloudtrail:DescribeTrails",
        "cloudtrail:GetEventSelectors", "cloudtrail:GetTrailStatus", "cloudwatch:DescribeAlarms",
        "cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics", "cloudwatch:ListMetrics",
        "cognito-identity:ListIdentities", "cognito-identity:ListIdentityPools", "cognito-idp:List*",
        "config:Describe*", "config:GetComplianceDetailsByConfigRule", "datapipeline:DescribePipelines",
        "datapipeline:GetPipelineDefinition", "datapipeline:ListPipelines", "directconnect:Describe*",
        "dynamodb:DescribeTable", "dynamodb:ListTables", "dynamodb:ListTagsOfResource", "ec2:Describe*",
        "ec2:GetConsoleOutput", "ec2:GetEbsEncryptionByDefault", "ecs:DescribeClusters",
        "ecs:DescribeContainerInstances", "ecs:DescribeServices", "ecs:DescribeTaskDefinition", "ecs:DescribeTasks",
        "ecs:ListClusters", "ecs:ListContainerInstances", "ecs:ListServices", "ecs:ListTaskDefinitionFamilies",
        "ecs:ListTaskDefinitions", "ecs:ListTasks", "elasticache:Describe*", "elasticache:List*",
        "elasticbeanstalk:Describe*", "elasticbeanstalk:List*", "elasticfilesystem:DescribeFileSystems",
        "elasticfilesystem:DescribeTags", "elasticloadbalancing:Describe*", "elasticmapreduce:Describe*",
        "elasticmapreduce:List*", "es:DescribeElasticsearchDomains", "es:ListDomainNames", "es:ListTags",
        "glacier:DescribeJob", "glacier:DescribeVault", "glacier:GetJobOutput", "glacier:GetVaultNotifications",
        "glacier:List*", "iam:GenerateCredentialReport", "iam:Get*", "iam:List*", "iam:SimulatePrincipalPolicy",
        "iot:DescribeThing", "iot:ListThings", "kinesis:DescribeStream", "kinesis:GetShardIterator",
        "kinesis:ListStreams", "kinesis:ListTagsForStream", "kms:DescribeKey", "kms:GetKeyRotationStatus",
        "kms:ListAliases", "kms:ListGrants", "kms:ListKeyPolicies", "kms:ListKeys", "kms:ListResourceTags",
        "lambda:ListFunctions", "lambda:ListTags", "organizations:Describe*", "organizations:List*", "rds:Describe*",
        "rds:List*", "redshift:Describe*", "route53:ListHealthChecks", "route53:ListHostedZones",
        "route53:ListResourceRecordSets", "s3:GetBucketACL", "s3:GetBucketLocation", "s3:GetBucketLogging",
        "s3:GetBucketNotification", "s3:GetBucketPolicy", "s3:GetBucketPublicAccessBlock", "s3:GetBucketTagging",
        "s3:GetBucketVersioning", "s3:GetBucketWebsite", "s3:GetEncryptionConfiguration",
        "s3:GetLifecycleConfiguration", "s3:List*", "sdb:DomainMetadata", "sdb:ListDomains",
        "ses:GetIdentityDkimAttributes", "ses:GetIdentityVerificationAttributes", "ses:GetSendQuota",
        "ses:GetSendStatistics", "ses:ListIdentities", "sns:GetSubscriptionAttributes", "sns:GetTopicAttributes",
        "sns:ListSubscriptionsByTopic", "sns:ListTopics", "sqs:GetQueueAttributes", "sqs:ListQueues",
        "ssm:ListResourceDataSync", "storagegateway:Describe*", "storagegateway:List*", "support:*", "swf:List*",
        "trustedadvisor:Describe*", "wellarchitected:Get*", "wellarchitected:List*",
        "workspaces:DescribeWorkspaceBundles", "workspaces:DescribeWorkspaceDirectories",
        "workspaces:DescribeWorkspaces",
    ]

    /// The second statement's actions, on ``elasticBeanstalkResource(partition:)``.
    static let elasticBeanstalkActions: [String] = ["s3:GetObjectVersion", "s3:GetObject"]

    /// The second statement's resource, published as
    /// `arn:aws:s3:::elasticbeanstalk-env-resources-*/*`, in `partition`.
    static func elasticBeanstalkResource(partition: String) -> String {
        "arn:\(partition):s3:::elasticbeanstalk-env-resources-*/*"
    }
}
