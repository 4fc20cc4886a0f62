"""Lays out, in a running moto, what a platform team's state bucket setup has: a pipeline
user in one account (the profile), a role it assumes in the state account, the bucket and
a KMS alias there, and a deployer user in the workload account. Prints their keys as JSON.

usage: python moto_state_bucket.py <moto url> <profile account> <state account> <workload account> <workload region>
"""
import json
import sys

import boto3

url, profile_account, state_account, workload_account, workload_region = sys.argv[1:6]


def client(service, region, account=None, key="AKIAIOSFODNN7EXAMPLE", secret="x"):
    c = boto3.client(service, endpoint_url=url, region_name=region, aws_access_key_id=key, aws_secret_access_key=secret)
    if account:
        # moto's documented way to act in an account before any key of it exists
        c.meta.events.register("before-sign.*.*", lambda request, **kw: request.headers.__setitem__("x-moto-account-id", account))
    return c


def user_key(account, region, name):
    iam = client("iam", region, account)
    iam.create_user(UserName=name)
    k = iam.create_access_key(UserName=name)["AccessKey"]
    return {"key": k["AccessKeyId"], "secret": k["SecretAccessKey"]}


out = {
    "profile": user_key(profile_account, "us-east-1", "pipeline"),
    "workload": user_key(workload_account, workload_region, "deployer"),
}
state = user_key(state_account, "us-east-1", "state-admin")
client("s3", "us-east-1", key=state["key"], secret=state["secret"]).create_bucket(Bucket="org-state")
kms = client("kms", "us-east-1", key=state["key"], secret=state["secret"])
out["kmsKeyId"] = kms.create_key()["KeyMetadata"]["KeyId"]
kms.create_alias(AliasName="alias/terraform-state", TargetKeyId=out["kmsKeyId"])
trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{profile_account}:root"}, "Action": "sts:AssumeRole"}]}
client("iam", "us-east-1", key=state["key"], secret=state["secret"]).create_role(RoleName="state-writer", AssumeRolePolicyDocument=json.dumps(trust))
out["state"] = state
print(json.dumps(out))
