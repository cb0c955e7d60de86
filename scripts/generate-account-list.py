#!/usr/bin/env python3
"""Writes a synthetic account list of N rows (valid, every column used) for benchmarks.

Usage: scripts/generate-account-list.py ROWS OUTPUT.csv
"""
import sys

HEADER = ("account_id,organization_name,aws_china,access_role_arn,access_external_id,aws_profile,"
          "products,cur_bucket,cur_report_name,cur_prefix,spot_account_id,spot_profile,"
          "billing_access_confirmed\n")
PRODUCTS = ["cloud-analyzer", "cloud-analyzer;eco", "eco", "cloud-analyzer;elastigroup;ocean", ""]


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    rows, path = int(sys.argv[1]), sys.argv[2]
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        lines = []
        for i in range(rows):
            account = f"{100000000000 + i:012d}"
            china = i % 50 == 0
            partition = "aws-cn" if china else "aws"
            role = f"arn:{partition}:iam::{account}:role/OrganizationAccountAccessRole" if i % 3 == 0 else ""
            external = f"ext-{i:08d}" if role else ""
            lines.append(
                f'{account},"Customer {i}, Inc.",{"yes" if china else "no"},{role},{external},,'
                f'{PRODUCTS[i % len(PRODUCTS)]},{"cur-bucket-" + account if i % 4 == 0 else ""},'
                f',{"billing/cur" if i % 5 == 0 else ""},{"act-%08x" % i if i % 7 == 0 else ""},,yes\r\n')
            if len(lines) == 10000:
                out.write("".join(lines))
                lines.clear()
        out.write("".join(lines))


if __name__ == "__main__":
    main()
