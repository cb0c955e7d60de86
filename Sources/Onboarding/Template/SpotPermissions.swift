/// The IAM actions granted to Spot's roles, grouped by purpose.
///
/// Every name is a real IAM action (or a wildcard matching real actions): `cfn-lint` checks them.
enum SpotPermissions {
    /// Bucket-level reads of the Cost and Usage Report bucket.
    static let reportBucket = [
        "s3:GetBucketLocation",
        "s3:ListBucket",
    ]

    /// Object reads in the Cost and Usage Report bucket.
    static let reportObjects = [
        "s3:GetObject",
    ]

    /// Billing dimensions the platform role reads: report definitions, Cost Explorer dimensions
    /// and tags, and the organization's accounts.
    static let billingDimensions = [
        "cur:DescribeReportDefinitions",
        "ce:GetDimensionValues",
        "ce:GetTags",
        "organizations:DescribeOrganization",
        "organizations:ListAccounts",
    ]

    /// Compute management for Elastigroup and Ocean: instances, spot requests, launch
    /// templates, tags, Auto Scaling and load balancer reads and target registration, instance
    /// profiles and metrics.
    static let compute = [
        "ec2:DescribeAccountAttributes",
        "ec2:DescribeAvailabilityZones",
        "ec2:DescribeImages",
        "ec2:DescribeInstanceStatus",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeInstances",
        "ec2:DescribeKeyPairs",
        "ec2:DescribeLaunchTemplateVersions",
        "ec2:DescribeLaunchTemplates",
        "ec2:DescribeRegions",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSpotInstanceRequests",
        "ec2:DescribeSpotPriceHistory",
        "ec2:DescribeSubnets",
        "ec2:DescribeTags",
        "ec2:DescribeVolumes",
        "ec2:DescribeVpcs",
        "ec2:RunInstances",
        "ec2:StartInstances",
        "ec2:StopInstances",
        "ec2:TerminateInstances",
        "ec2:CreateTags",
        "ec2:DeleteTags",
        "ec2:RequestSpotInstances",
        "ec2:CancelSpotInstanceRequests",
        "ec2:CreateLaunchTemplate",
        "ec2:CreateLaunchTemplateVersion",
        "ec2:DeleteLaunchTemplate",
        "ec2:ModifyLaunchTemplate",
        "autoscaling:DescribeAutoScalingGroups",
        "autoscaling:DescribeAutoScalingInstances",
        "autoscaling:DescribeLaunchConfigurations",
        "elasticloadbalancing:DescribeInstanceHealth",
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetHealth",
        "elasticloadbalancing:RegisterInstancesWithLoadBalancer",
        "elasticloadbalancing:DeregisterInstancesFromLoadBalancer",
        "elasticloadbalancing:RegisterTargets",
        "elasticloadbalancing:DeregisterTargets",
        "iam:GetInstanceProfile",
        "iam:ListInstanceProfiles",
        "iam:PassRole",
        "cloudwatch:GetMetricStatistics",
    ]

    /// Container cluster reads for Ocean: EKS and ECS.
    static let containers = [
        "eks:DescribeCluster",
        "eks:ListClusters",
        "ecs:Describe*",
        "ecs:List*",
    ]

    /// Read-only billing for the FinOps role: Cost Explorer, report definitions, Savings Plans,
    /// reservations of every kind, and Organizations.
    static let finOpsBilling = [
        "ce:Describe*",
        "ce:Get*",
        "ce:List*",
        "cur:Describe*",
        "savingsplans:Describe*",
        "ec2:DescribeReservedInstances*",
        "rds:DescribeReservedDBInstances*",
        "elasticache:DescribeReservedCacheNodes*",
        "redshift:DescribeReservedNodes*",
        "es:DescribeReservedElasticsearchInstances*",
        "organizations:Describe*",
        "organizations:List*",
    ]
}
