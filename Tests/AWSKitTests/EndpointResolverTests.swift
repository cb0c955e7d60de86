import Testing

@testable import AWSKit

@Suite("Endpoints per partition, with the SDKs' overrides")
struct EndpointResolverTests {
    private let resolver = EndpointResolver()

    @Test func commercialEndpoints() {
        let iam = resolver.endpoint(for: .iam, partition: .aws, region: "eu-west-1")
        #expect(iam == ServiceEndpoint(url: "https://iam.amazonaws.com", signingRegion: "us-east-1", signingName: "iam", isCustom: false))
        let cur = resolver.endpoint(for: .costAndUsageReport, partition: .aws, region: "eu-west-1")
        #expect(cur.url == "https://cur.us-east-1.amazonaws.com")
        #expect(cur.signingRegion == "us-east-1")
        #expect(cur.signingName == "cur")
        let sts = resolver.endpoint(for: .sts, partition: .aws, region: "eu-west-1")
        #expect(sts.url == "https://sts.eu-west-1.amazonaws.com")
        #expect(sts.signingRegion == "eu-west-1")
        #expect(resolver.endpoint(for: .organizations, partition: .aws, region: "eu-west-1").url == "https://organizations.us-east-1.amazonaws.com")
        #expect(resolver.endpoint(for: .cloudFormation, partition: .aws, region: "us-east-1").url == "https://cloudformation.us-east-1.amazonaws.com")
        #expect(resolver.endpoint(for: .s3, partition: .aws, region: "us-east-1").url == "https://s3.us-east-1.amazonaws.com")
    }

    @Test func chinaEndpoints() {
        let iam = resolver.endpoint(for: .iam, partition: .awsChina, region: "cn-northwest-1")
        #expect(iam.url == "https://iam.cn-north-1.amazonaws.com.cn")
        #expect(iam.signingRegion == "cn-north-1")
        let organizations = resolver.endpoint(for: .organizations, partition: .awsChina, region: "cn-north-1")
        #expect(organizations.url == "https://organizations.cn-northwest-1.amazonaws.com.cn")
        #expect(organizations.signingRegion == "cn-northwest-1")
        let cur = resolver.endpoint(for: .costAndUsageReport, partition: .awsChina, region: "cn-north-1")
        #expect(cur.url == "https://cur.cn-northwest-1.amazonaws.com.cn")
        #expect(resolver.endpoint(for: .s3, partition: .awsChina, region: "cn-northwest-1").url == "https://s3.cn-northwest-1.amazonaws.com.cn")
    }

    @Test func partitionFacts() {
        #expect(Partition(region: "cn-north-1") == .awsChina)
        #expect(Partition(region: "us-west-2") == .aws)
        #expect(Partition.aws.costAndUsageReportRegion == "us-east-1")
        #expect(Partition.awsChina.costAndUsageReportRegion == "cn-northwest-1")
    }

    @Test func overridesFollowTheSDKsPrecedence() {
        let environment = [
            "AWS_ENDPOINT_URL": "http://127.0.0.1:5000/",
            "AWS_ENDPOINT_URL_COST_AND_USAGE_REPORT_SERVICE": "http://127.0.0.1:6000",
            "AWS_ENDPOINT_URL_IAM": "",
        ]
        let fromEnvironment = EndpointResolver(environment: environment)
        let cur = fromEnvironment.endpoint(for: .costAndUsageReport, partition: .aws, region: "us-east-1")
        #expect(cur.url == "http://127.0.0.1:6000")
        #expect(cur.isCustom)
        #expect(cur.signingRegion == "us-east-1", "an override changes where, not how, requests are signed")
        let iam = fromEnvironment.endpoint(for: .iam, partition: .awsChina, region: "cn-north-1")
        #expect(iam.url == "http://127.0.0.1:5000", "an empty service variable is ignored; the trailing slash is dropped")
        #expect(iam.signingRegion == "cn-north-1")

        let fromCommandLine = EndpointResolver(environment: environment, commandLineOverride: "http://localhost:7000")
        #expect(fromCommandLine.endpoint(for: .costAndUsageReport, partition: .aws, region: "us-east-1").url == "http://localhost:7000")
        #expect(EndpointResolver(environment: [:]).endpoint(for: .sts, partition: .aws, region: "us-east-1").isCustom == false)
    }
}
