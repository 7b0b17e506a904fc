"""Prepares moto's server for the least-privilege e2e case (test/local/e2e.ts), then turns IAM on.

Reads a JSON spec on standard input:
  {"endpoint": "http://127.0.0.1:PORT", "region": "us-east-1",
   "users": [{"name": "...", "policy": {"Version": "2012-10-17", "Statement": [...]}}],
   "objects": [{"bucket": "...", "key": "...", "body": "..."}],
   "buckets": ["..."]}
creates the buckets and objects (while moto still accepts any request), an IAM user per entry with its
policy inline and an access key, then POSTs 0 to /moto-api/reset-auth: from then on every request must be
signed with a key of a user whose policies allow it. Prints {"<user>": {"accessKey": ..., "secretKey": ...}}.

Server mode counts requests against INITIAL_NO_AUTH_ACTION_COUNT (infinite by default, so nothing is
enforced); reset-auth sets it and resets the count (moto 5.2.5, moto/moto_api/_internal/responses.py).
"""
import json
import sys
import urllib.request

import boto3


def check(spec: dict) -> None:
    """{"check": [{"op": "get"|"put"|"list"|"keys", "bucket": ..., "key"/"prefix": ...}], "keys": {...}}: the outcome of
    each request signed with the keys, as "ok" (for "keys": the list of object keys under the prefix) or the S3 error code."""
    session = boto3.session.Session(aws_access_key_id=spec["keys"]["accessKey"], aws_secret_access_key=spec["keys"]["secretKey"],
                                    region_name=spec["region"])
    s3 = session.client("s3", endpoint_url=spec["endpoint"])
    outcomes = []
    for request in spec["check"]:
        try:
            if request["op"] == "get":
                s3.get_object(Bucket=request["bucket"], Key=request["key"])["Body"].read()
            elif request["op"] == "put":
                s3.put_object(Bucket=request["bucket"], Key=request["key"], Body=b"e2e")
            elif request["op"] == "keys":
                pages = s3.get_paginator("list_objects_v2").paginate(Bucket=request["bucket"], Prefix=request.get("prefix", ""))
                outcomes.append([item["Key"] for page in pages for item in page.get("Contents", [])])
                continue
            else:
                s3.list_objects_v2(Bucket=request["bucket"], Prefix=request.get("prefix", ""))
            outcomes.append("ok")
        except s3.exceptions.ClientError as error:
            outcomes.append(error.response["Error"]["Code"])
    json.dump(outcomes, sys.stdout)


def main() -> None:
    spec = json.load(sys.stdin)
    if "check" in spec:
        check(spec)
        return
    endpoint = spec["endpoint"]
    session = boto3.session.Session(aws_access_key_id="setup", aws_secret_access_key="setup", region_name=spec["region"])
    s3 = session.client("s3", endpoint_url=endpoint)
    iam = session.client("iam", endpoint_url=endpoint)
    for bucket in spec.get("buckets", []):
        s3.create_bucket(Bucket=bucket)
    for item in spec.get("objects", []):
        s3.put_object(Bucket=item["bucket"], Key=item["key"], Body=item["body"].encode())
    keys = {}
    for user in spec["users"]:
        iam.create_user(UserName=user["name"])
        iam.put_user_policy(UserName=user["name"], PolicyName=f"{user['name']}-s3", PolicyDocument=json.dumps(user["policy"]))
        key = iam.create_access_key(UserName=user["name"])["AccessKey"]
        keys[user["name"]] = {"accessKey": key["AccessKeyId"], "secretKey": key["SecretAccessKey"]}
    # A text body: with urllib's default form content type, Flask leaves request.data empty and moto fails.
    request = urllib.request.Request(f"{endpoint}/moto-api/reset-auth", data=b"0", method="POST",
                                     headers={"Content-Type": "text/plain"})
    with urllib.request.urlopen(request) as response:
        response.read()
    json.dump(keys, sys.stdout)


if __name__ == "__main__":
    main()
