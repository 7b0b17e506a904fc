"""Secrets Manager calls against moto on loopback, for test/metastore-engine/metastore-engine.ts.

Usage: python secrets_manager.py PORT create|rotate NAME USERNAME PASSWORD
  create  creates the secret NAME holding {"username", "password"}
  rotate  puts a new value {"username", "password"} into NAME (what a single-user rotation does)
Prints the secret's ARN. Credentials and region come from the environment (any keys: moto does not check them).
"""
import json
import sys

import boto3


def main() -> None:
    port, action, name, username, password = sys.argv[1:6]
    client = boto3.client("secretsmanager", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1")
    value = json.dumps({"username": username, "password": password})
    if action == "create":
        print(client.create_secret(Name=name, SecretString=value)["ARN"])
    elif action == "rotate":
        print(client.put_secret_value(SecretId=name, SecretString=value)["ARN"])
    else:
        sys.exit(f"unknown action {action}: create or rotate")


if __name__ == "__main__":
    main()
