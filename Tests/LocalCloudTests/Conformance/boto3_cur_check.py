#!/usr/bin/env python3
"""boto3 and the AWS CLI against the local cloud's Cost and Usage Report API.

Run by LocalCloudTests (CURTests.boto3) with the local cloud's environment (AWS_ENDPOINT_URL and
the fake keys from `eval "$(scripts/local-cloud up)"`). Works in a fresh random AWS account
(STS AssumeRole into arn:aws:iam::<random>:role/x), checks what the real service does, and
prints one JSON object on its last line: the error code (or "ok") of each step, and "ok": true
when every step went as expected. Exits 0 only then.
"""
import json
import os
import random
import subprocess
import sys
import uuid

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = os.environ.get("AWS_ENDPOINT_URL")
if not ENDPOINT:
    print(json.dumps({"ok": False, "error": 'AWS_ENDPOINT_URL is not set: run: eval "$(scripts/local-cloud up)"'}))
    sys.exit(2)

CONFIG = Config(retries={"max_attempts": 1, "mode": "standard"}, s3={"addressing_style": "path"})

results = {}
failures = []


def code_of(call):
    """Runs call(); "ok" when it succeeds, else the error code AWS sent."""
    try:
        call()
        return "ok"
    except ClientError as error:
        return error.response.get("Error", {}).get("Code", "?")


def check(name, call, want):
    got = code_of(call)
    results[name] = got
    if got != want:
        failures.append(f"{name}: expected {want}, got {got}")


def client(service, region="us-east-1", credentials=None):
    keys = {}
    if credentials:
        keys = {
            "aws_access_key_id": credentials["AccessKeyId"],
            "aws_secret_access_key": credentials["SecretAccessKey"],
            "aws_session_token": credentials["SessionToken"],
        }
    return boto3.client(service, region_name=region, endpoint_url=ENDPOINT, config=CONFIG, **keys)


def definition(name, bucket, fmt="Parquet", compression="Parquet", artifacts=("ATHENA",)):
    return {
        "ReportName": name,
        "TimeUnit": "HOURLY",
        "Format": fmt,
        "Compression": compression,
        "AdditionalSchemaElements": ["RESOURCES"],
        "S3Bucket": bucket,
        "S3Prefix": "cur",
        "S3Region": "us-east-1",
        "AdditionalArtifacts": list(artifacts),
        "RefreshClosedReports": True,
        "ReportVersioning": "OVERWRITE_REPORT",
    }


def main():
    account = str(random.randint(200_000_000_000, 999_999_999_999))
    results["account"] = account
    assumed = client("sts").assume_role(RoleArn=f"arn:aws:iam::{account}:role/x", RoleSessionName="boto3-cur-check")
    credentials = assumed["Credentials"]
    identity = client("sts", credentials=credentials).get_caller_identity()
    if identity["Account"] != account:
        failures.append(f"assumed role reads as account {identity['Account']}, not {account}")

    cur = client("cur", credentials=credentials)
    s3 = client("s3", credentials=credentials)
    bucket = f"lc-boto3-cur-{uuid.uuid4().hex[:16]}"

    check("missing_bucket", lambda: cur.put_report_definition(ReportDefinition=definition("boto3-report-1", bucket)),
          "ValidationException")
    s3.create_bucket(Bucket=bucket)
    check("bucket_without_policy",
          lambda: cur.put_report_definition(ReportDefinition=definition("boto3-report-1", bucket)), "ValidationException")
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "BillingReportsDelivery", "Effect": "Allow",
            "Principal": {"Service": "billingreports.amazonaws.com"},
            "Action": ["s3:GetBucketAcl", "s3:GetBucketPolicy", "s3:PutObject"],
            "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
        }],
    }))
    check("put", lambda: cur.put_report_definition(ReportDefinition=definition("boto3-report-1", bucket)), "ok")
    check("duplicate", lambda: cur.put_report_definition(ReportDefinition=definition("boto3-report-1", bucket)),
          "DuplicateReportNameException")
    check("athena_textORcsv",
          lambda: cur.put_report_definition(
              ReportDefinition=definition("boto3-athena-csv", bucket, fmt="textORcsv", compression="GZIP")),
          "ValidationException")
    for index in range(2, 6):
        check(f"put_{index}",
              lambda index=index: cur.put_report_definition(ReportDefinition=definition(f"boto3-report-{index}", bucket)),
              "ok")
    check("sixth", lambda: cur.put_report_definition(ReportDefinition=definition("boto3-report-6", bucket)),
          "ReportLimitReachedException")
    check("tags_of_missing_report", lambda: cur.list_tags_for_resource(ReportName="boto3-no-such-report"),
          "ResourceNotFoundException")

    names = []
    for page in cur.get_paginator("describe_report_definitions").paginate():
        names += [report["ReportName"] for report in page.get("ReportDefinitions", [])]
    results["paginated"] = names
    want_names = [f"boto3-report-{index}" for index in range(1, 6)]
    if names != want_names:
        failures.append(f"paginated: expected {want_names}, got {names}")

    check("eu-west-1", lambda: client("cur", "eu-west-1", credentials).describe_report_definitions(),
          "UnrecognizedClientException")
    # aws-cn does not know keys of aws; the China operator's fake key (testing-cn) assumes a role there.
    check("cn-northwest-1", lambda: client("cur", "cn-northwest-1", credentials).describe_report_definitions(),
          "UnrecognizedClientException")
    china_operator = boto3.client("sts", region_name="cn-north-1", endpoint_url=ENDPOINT, config=CONFIG,
                                  aws_access_key_id="testing-cn", aws_secret_access_key="testing")
    china = china_operator.assume_role(RoleArn=f"arn:aws-cn:iam::{account}:role/x", RoleSessionName="boto3-cur-check")
    check("cn-northwest-1-china",
          lambda: client("cur", "cn-northwest-1", china["Credentials"]).describe_report_definitions(), "ok")

    environment = dict(os.environ)
    environment.update({
        "AWS_ACCESS_KEY_ID": credentials["AccessKeyId"],
        "AWS_SECRET_ACCESS_KEY": credentials["SecretAccessKey"],
        "AWS_SESSION_TOKEN": credentials["SessionToken"],
        "AWS_DEFAULT_REGION": "us-east-1",
    })
    environment.pop("AWS_PROFILE", None)
    cli = subprocess.run(
        ["aws", "cur", "describe-report-definitions", "--endpoint-url", ENDPOINT, "--region", "us-east-1",
         "--output", "json"],
        env=environment, capture_output=True, text=True, timeout=120)
    if cli.returncode != 0:
        failures.append(f"aws cur describe-report-definitions exited {cli.returncode}: {cli.stderr.strip()}")
        results["awscli"] = None
    else:
        results["awscli"] = [report["ReportName"] for report in json.loads(cli.stdout).get("ReportDefinitions", [])]
        if results["awscli"] != want_names:
            failures.append(f"awscli: expected {want_names}, got {results['awscli']}")


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # an unexpected failure still prints the JSON line
        failures.append(f"unexpected {type(error).__name__}: {error}")
    results["failures"] = failures
    results["ok"] = not failures
    print(json.dumps(results))
    sys.exit(0 if not failures else 1)
