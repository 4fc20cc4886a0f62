"""moto's server (as moto_server.py runs it) with IAM authorization ready to enforce, for
proofs of a least-privilege policy. Enforcement starts when the test says so, through
moto's own switch: `POST /moto-api/reset-auth` with body `0` (moto's
INITIAL_NO_AUTH_ACTION_COUNT; until then every request is let through, so the test can
create its principals first).

What moto 5.2.5 checks by itself (moto/iam/access_control.py, IAMRequestBase):
- the SigV4 signature, recomputed with the caller's secret key (check_signature);
- the caller's inline and attached policies (user, its groups; or an assumed role's),
  statement by statement: Action and NotAction with `*` wildcards, Allow and explicit
  Deny, and Resource against the ONE resource string the service's response class
  computes (IAMPolicyStatement.is_action_permitted).

Two things it does not do, and what this file does about them:
1. The resource. moto's IAM response class (moto/iam/responses.py, _determine_resource)
   gives a role's ARN only when the request names a role that already exists; every other
   IAM request is checked against the resource "*", which no statement scoped to an ARN
   matches (IAMPolicyStatement._match turns the statement's pattern into a regex and
   matches it against "*"). A policy scoped to ARNs could not even create its role. This
   file replaces _determine_resource for IAM with the resource AWS authorizes each of
   these requests against (Service Authorization Reference, resource types of IAM's
   actions): the role ARN for requests naming a role (RoleName; CreateRole's with its
   Path), the user ARN for requests naming a user (UserName, which covers access keys and
   user policy attachments), the policy ARN for requests naming one (PolicyArn) and for
   CreatePolicy (Path + PolicyName). Requests naming none of these keep moto's "*".
2. Conditions. It is NOT changed: moto evaluates a statement's Condition only with the
   values it extracts for a role's trust policy (moto/iam/utils.py,
   format_incoming_conditional_values: sts:ExternalId only), passes none for identity
   policies (check_action_permitted calls is_action_permitted(action, resource) with
   no condition values), and TrustCondition.verify_condition returns True for an
   operator other than StringEquals and for a key without a value
   (moto/iam/policy_conditions.py). So a condition such as
   `ArnLike {"iam:PolicyARN": ...}` never restricts anything here; tests prove
   conditions elsewhere (a policy simulator on the logged requests).

3. The shape of its refusal. moto writes AccessDenied as
   `<ErrorResponse><Errors><Error>` (moto/core/exceptions.py, _RESTError); IAM and STS,
   which speak AWS's query protocol, answer `<ErrorResponse><Error>`, and the Go SDK of the
   AWS provider reads moto's shape as "api error UnknownError" (status 403). This file
   writes AccessDenied for those two services in the query protocol's shape, same code,
   same message ("User: <arn> is not authorized to perform: <action>"), so Terraform
   reports what AWS would. The decision itself is moto's.

4. One behaviour of moto's IAM that differs from IAM's and would show as a change in every
   plan after the AWS provider changes a role's max session duration: moto's UpdateRole
   sets the description to nothing when the request has none (moto/iam/models.py,
   update_role); IAM keeps it, and the provider sends UpdateRole with the duration only.
   Here UpdateRole without a description keeps the role's.

5. S3's action names. moto authorizes an S3 request under the name its ACTION_MAP gives
   (moto/s3/responses.py): several are not IAM's, and requests the map lacks fall back to its
   DEFAULT, so `PUT ?encryption` is checked as s3:CreateBucket and `HEAD` of a bucket as
   s3:HeadBucket, which no IAM policy names. For a bucket's requests this file uses the
   action AWS authorizes each under (Service Authorization Reference, "Amazon S3": HeadBucket
   is s3:ListBucket; the public access block, encryption and ownership controls have their
   own actions, and their DELETE is authorized as the PUT), and logs S3 requests as it logs
   the others. Object requests keep moto's names (a stack writes no objects). Its refusal
   says what S3's does ("User: <arn> is not authorized to perform: s3:<action> on resource:
   ... because no identity-based policy allows ..."), where moto says "Access Denied" alone.

Every request that reaches authorization is appended to the JSON-lines file named by
MOTO_REQUEST_LOG (when set): service, action, the resource it was checked against, the
parameters that name IAM entities, the caller's access key, whether enforcement was on,
and the outcome.
"""
import json
import os
import runpy
import threading

from moto import settings
from xmltodict import unparse

from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.exceptions import AccessDeniedError
from moto.iam.access_control import IAMRequest, S3IAMRequest
from moto.s3.exceptions import S3ClientError
from moto.iam.models import IAMBackend, iam_backends
from moto.iam.responses import IamResponse

_LOG_PATH = os.environ.get("MOTO_REQUEST_LOG")
_LOG_LOCK = threading.Lock()
_LOGGED_PARAMS = ("RoleName", "UserName", "PolicyArn", "PolicyName", "Path", "VersionId", "AccessKeyId", "InstanceProfileName", "GroupName")


def _param(data, name):
    value = data.get(name)
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _iam_resource(self):
    """The ARN AWS authorizes this IAM request against (see the module's docstring)."""
    data = self.data
    partition = self.partition
    account = self.current_account
    backend = iam_backends[account][partition]
    path = _param(data, "Path") or "/"
    role = _param(data, "RoleName")
    if role:
        try:
            return backend.get_role(role).arn
        except Exception:  # not there (yet, or any more): its ARN from the request
            return f"arn:{partition}:iam::{account}:role{path}{role}"
    user = _param(data, "UserName")
    if user:
        try:
            return backend.get_user(user).arn
        except Exception:
            return f"arn:{partition}:iam::{account}:user{path}{user}"
    policy_arn = _param(data, "PolicyArn")
    if policy_arn:
        return policy_arn
    if self._get_action() == "CreatePolicy" and _param(data, "PolicyName"):
        return f"arn:{partition}:iam::{account}:policy{path}{_param(data, 'PolicyName')}"
    return "*"


IamResponse._determine_resource = _iam_resource

class QueryProtocolAccessDenied(AccessDeniedError):
    """moto's AccessDenied, written as IAM and STS write errors (see the module's docstring, 3)."""

    def __init__(self, user_arn, action):
        super().__init__(user_arn=user_arn, action=action)
        error = {"Type": "Sender", "Code": "AccessDenied", "Message": self.message}
        self.description = unparse({"ErrorResponse": {"Error": error, "RequestId": "moto-enforced"}}, full_document=True)


_raise_access_denied = IAMRequest._raise_access_denied


def _raise_query_access_denied(self):
    if self._service in ("iam", "sts"):
        raise QueryProtocolAccessDenied(user_arn=self._access_key.arn, action=self._action)
    _raise_access_denied(self)


IAMRequest._raise_access_denied = _raise_query_access_denied

_update_role = IAMBackend.update_role


def _update_role_keeping_description(self, role_name, role_description, max_session_duration):
    if role_description is None:
        role_description = self.get_role(role_name).description
    return _update_role(self, role_name, role_description, max_session_duration)


IAMBackend.update_role = _update_role_keeping_description

_authorize = ActionAuthenticatorMixin._authenticate_and_authorize_normal_action


def _run_logged(entry, authorize):
    """Runs `authorize`, appending `entry` with its outcome to the request log."""
    try:
        authorize()
        entry["outcome"] = "allowed"
    except Exception as e:  # AccessDenied, InvalidClientTokenId, SignatureDoesNotMatch (S3's carry `code`)
        entry["outcome"] = getattr(e, "error_type", None) or getattr(e, "code", None) or type(e).__name__
        raise
    finally:
        if _LOG_PATH:
            with _LOG_LOCK, open(_LOG_PATH, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry) + "\n")


def _logged_authorize(self, resource="*"):
    entry = {
        "service": getattr(self, "service_name", None),
        "action": self._get_action(),
        "resource": resource,
        "params": {k: _param(self.data, k) for k in _LOGGED_PARAMS if _param(self.data, k) is not None},
        "accessKeyId": self.get_access_key(),
        "enforced": ActionAuthenticatorMixin.request_count >= settings.INITIAL_NO_AUTH_ACTION_COUNT,
    }
    _run_logged(entry, lambda: _authorize(self, resource))


ActionAuthenticatorMixin._authenticate_and_authorize_normal_action = _logged_authorize

# 5. A bucket's requests under IAM's action names (query parameter, or "" for none).
_S3_BUCKET_ACTIONS = {
    "HEAD": {"": "ListBucket"},
    "GET": {
        "": "ListBucket",
        "location": "GetBucketLocation",
        "lifecycle": "GetLifecycleConfiguration",
        "versioning": "GetBucketVersioning",
        "policy": "GetBucketPolicy",
        "policyStatus": "GetBucketPolicyStatus",
        "website": "GetBucketWebsite",
        "acl": "GetBucketAcl",
        "tagging": "GetBucketTagging",
        "logging": "GetBucketLogging",
        "cors": "GetBucketCORS",
        "notification": "GetBucketNotification",
        "accelerate": "GetAccelerateConfiguration",
        "versions": "ListBucketVersions",
        "uploads": "ListBucketMultipartUploads",
        "publicAccessBlock": "GetBucketPublicAccessBlock",
        "encryption": "GetEncryptionConfiguration",
        "ownershipControls": "GetBucketOwnershipControls",
        "requestPayment": "GetBucketRequestPayment",
        "replication": "GetReplicationConfiguration",
        "object-lock": "GetBucketObjectLockConfiguration",
    },
    "PUT": {
        "": "CreateBucket",
        "policy": "PutBucketPolicy",
        "tagging": "PutBucketTagging",
        "publicAccessBlock": "PutBucketPublicAccessBlock",
        "encryption": "PutEncryptionConfiguration",
        "ownershipControls": "PutBucketOwnershipControls",
        "versioning": "PutBucketVersioning",
        "lifecycle": "PutLifecycleConfiguration",
        "acl": "PutBucketAcl",
    },
    "DELETE": {
        "": "DeleteBucket",
        "policy": "DeleteBucketPolicy",
        "tagging": "PutBucketTagging",
        "publicAccessBlock": "PutBucketPublicAccessBlock",
        "encryption": "PutEncryptionConfiguration",
        "ownershipControls": "PutBucketOwnershipControls",
        "lifecycle": "PutLifecycleConfiguration",
    },
}

from moto.s3.responses import S3Response  # noqa: E402

_set_s3_action = S3Response._set_action


def _set_iam_s3_action(self, action_resource_type, method, querystring):
    _set_s3_action(self, action_resource_type, method, querystring)
    if action_resource_type != "BUCKET" or method not in _S3_BUCKET_ACTIONS:
        return
    table = _S3_BUCKET_ACTIONS[method]
    named = [table[q] for q in querystring if q in table and q != ""]
    self.data["Action"] = named[0] if named else table[""]


S3Response._set_action = _set_iam_s3_action

_authorize_s3 = ActionAuthenticatorMixin._authenticate_and_authorize_s3_action


def _logged_authorize_s3(self, bucket_name=None, key_name=None):
    arn = f"{bucket_name or '*'}/{key_name}" if key_name else (bucket_name or "*")
    entry = {
        "service": "s3",
        "action": self.data.get("Action"),
        "resource": f"arn:{self.partition}:s3:::{arn}",
        "params": {},
        "accessKeyId": self.get_access_key(),
        "enforced": ActionAuthenticatorMixin.request_count >= settings.INITIAL_NO_AUTH_ACTION_COUNT,
    }
    _run_logged(entry, lambda: _authorize_s3(self, bucket_name, key_name))


ActionAuthenticatorMixin._authenticate_and_authorize_s3_action = _logged_authorize_s3

_S3_RESOURCE = threading.local()
_check_s3 = S3IAMRequest.check_action_permitted


def _check_s3_remembering_resource(self, resource):
    _S3_RESOURCE.value = resource
    return _check_s3(self, resource)


def _raise_s3_access_denied(self):
    resource = getattr(_S3_RESOURCE, "value", "*")
    message = f'User: {self._access_key.arn} is not authorized to perform: {self._action} on resource: "{resource}" because no identity-based policy allows the {self._action} action'
    raise S3ClientError("AccessDenied", message)


S3IAMRequest.check_action_permitted = _check_s3_remembering_resource
S3IAMRequest._raise_access_denied = _raise_s3_access_denied

runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "moto_server.py"), run_name="__main__")
