"""moto's server (as moto_server.py runs it) whose Firehose HTTP endpoint delivery sends what
Kinesis Data Firehose sends, for proofs that the Datadog API key reaches the intake.

moto 5.2.5 (moto/firehose/models.py, FirehoseBackend.put_http_records) POSTs the records
synchronously as Firehose's request body ({"requestId", "timestamp", "records": [{"data"}]},
Content-Type application/json), but no access key: Firehose's specification
(https://docs.aws.amazon.com/firehose/latest/dev/httpdeliveryrequestresponse.html, "Request
format") also sends X-Amz-Firehose-Request-Id, X-Amz-Firehose-Access-Key (the configured key,
or since 2024 the secret's, when SecretsManagerConfiguration is enabled:
https://docs.aws.amazon.com/firehose/latest/dev/secrets-manager-whats-secret.html, the
secret's "api_key" for HTTP endpoints) and, with RequestConfiguration ContentEncoding GZIP,
a gzipped body with Content-Encoding gzip. This file adds exactly those, reading the secret
from moto's own Secrets Manager (account and region from the secret's ARN); a secret that is
missing or lacks api_key fails the delivery as Firehose would (no request is sent). Not
added: X-Amz-Firehose-Source-Arn and X-Amz-Firehose-Protocol-Version (moto does not pass the
stream to this function), common attributes, retries and backup to S3 on failure.
"""
import base64
import gzip
import json
import os
import runpy
from time import time

import requests
from moto.firehose.models import FirehoseBackend
from moto.moto_api._internal import mock_random
from moto.secretsmanager.models import secretsmanager_backends


def _access_key(http_destination):
    config = http_destination.get("SecretsManagerConfiguration") or {}
    if config.get("Enabled"):
        arn = config["SecretARN"]
        region, account = arn.split(":")[3:5]
        secret = secretsmanager_backends[account][region].get_secret_value(arn, None, None)
        return json.loads(secret["SecretString"])["api_key"]
    return http_destination["EndpointConfiguration"].get("AccessKey")


def _put_http_records(http_destination, records):
    url = http_destination["EndpointConfiguration"]["Url"]
    request_id = str(mock_random.uuid4())
    body = json.dumps(
        {
            "requestId": request_id,
            "timestamp": int(time() * 1000),
            "records": [{"data": base64.b64encode(r["Data"] if isinstance(r["Data"], bytes) else r["Data"].encode()).decode()} for r in records],
        }
    ).encode()
    headers = {"Content-Type": "application/json", "X-Amz-Firehose-Request-Id": request_id}
    key = _access_key(http_destination)
    if key is not None:
        headers["X-Amz-Firehose-Access-Key"] = key
    encoding = (http_destination.get("RequestConfiguration") or {}).get("ContentEncoding")
    if encoding == "GZIP":
        body = gzip.compress(body)
        headers["Content-Encoding"] = "gzip"
    response = requests.post(url, data=body, headers=headers, timeout=30)
    if response.status_code != 200:
        raise RuntimeError(f"Firehose delivery to the HTTP endpoint failed with {response.status_code}")
    return [{"RecordId": str(mock_random.uuid4())} for _ in records]


FirehoseBackend.put_http_records = staticmethod(_put_http_records)

runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "moto_server.py"), run_name="__main__")
