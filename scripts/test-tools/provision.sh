#!/usr/bin/env bash
# Provides the real components the proof tests run against, from the package registries
# this project's machines reach, cached outside the work tree by version (or by commit):
#
#   terraform            the machine's, if on PATH; else built from the Go module proxy
#                        (1.5.7: later releases have nested modules with replace
#                        directives, which `go install` refuses)
#   hashicorp/aws        the machine's filesystem mirror (TF_PROVIDER_MIRROR, /opt/tf-plugins)
#   DataDog/datadog      built from the Go module proxy at the commits of DATADOG_PROVIDERS
#   moto (IAM, STS)      a Python venv with moto[server] from PyPI
#   actionlint           built from the Go module proxy (checks the CI workflow examples)
#
# It never fails the run: what it cannot provide is written, with the exact reason, to
# $CACHE/tools.json, and the tests skip those parts with a banner (or fail, under
# REQUIRE_TERRAFORM=1 / REQUIRE_MOTO=1, which .ci/run sets for what a machine must have).
# Idempotent: a warm run only checks the cache (well under a second).
set -uo pipefail

CACHE="${DATADOG_AWS_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/datadog-aws-cdktf}"
TERRAFORM_VERSION=1.5.7
MOTO_VERSION=5.2.5
ACTIONLINT_VERSION=1.7.12
# version=commit: the Datadog provider's module path has no /v3 or /v4 suffix, so the
# proxy knows its releases only by commit (pseudo-versions).
DATADOG_PROVIDERS=(
  "3.82.0=cc0b64ae7e48d2e0f3c5c13b15ae1a65473865de"
  "4.19.0=cccc81a7252eab4fe45311dd2dc854c58d96143f"
)
DATADOG_MODULE=github.com/terraform-providers/terraform-provider-datadog

mkdir -p "$CACHE"
log() { printf '[test-tools] %s\n' "$*" >&2; }
json_str() { python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$1" 2>/dev/null || printf '"%s"' "${1//\"/\'}"; }
platform() { echo "$(go env GOOS 2>/dev/null || uname -s | tr A-Z a-z)_$(go env GOARCH 2>/dev/null || echo amd64)"; }

# --- Terraform -------------------------------------------------------------------------
terraform_json='{"error": "not looked for"}'
provide_terraform() {
  local tf
  tf="${TERRAFORM_BIN:-$(command -v terraform || true)}"
  if [ -z "$tf" ] && [ -x "$CACHE/terraform-$TERRAFORM_VERSION/terraform" ]; then tf="$CACHE/terraform-$TERRAFORM_VERSION/terraform"; fi
  if [ -z "$tf" ]; then
    if ! command -v go >/dev/null; then
      terraform_json="{\"error\": \"no terraform on PATH and no Go toolchain to build it\"}"
      return
    fi
    log "building Terraform $TERRAFORM_VERSION from the Go module proxy (cold: several minutes)"
    local out
    if out=$(GOBIN="$CACHE/terraform-$TERRAFORM_VERSION" GOFLAGS=-mod=mod go install "github.com/hashicorp/terraform@v$TERRAFORM_VERSION" 2>&1); then
      tf="$CACHE/terraform-$TERRAFORM_VERSION/terraform"
    else
      terraform_json="{\"error\": $(json_str "go install github.com/hashicorp/terraform@v$TERRAFORM_VERSION failed: $(echo "$out" | tail -3)")}"
      return
    fi
  fi
  local version
  version=$("$tf" version -json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["terraform_version"])' 2>/dev/null || "$tf" version | head -1 | sed 's/^Terraform v//')
  terraform_json="{\"path\": $(json_str "$tf"), \"version\": $(json_str "$version")}"
}

# --- The hashicorp/aws provider ----------------------------------------------------------
aws_json='{"error": "not looked for"}'
provide_aws_provider() {
  local mirror="${TF_PROVIDER_MIRROR:-/opt/tf-plugins}" plat versions
  plat=$(platform)
  versions=$(ls "$mirror/registry.terraform.io/hashicorp/aws" 2>/dev/null | while read -r v; do [ -d "$mirror/registry.terraform.io/hashicorp/aws/$v/$plat" ] && echo "$v"; done | tr '\n' ' ')
  if [ -n "$versions" ]; then
    aws_json="{\"mirror\": $(json_str "$mirror"), \"versions\": $(json_str "${versions% }")}"
    return
  fi
  # The Go module proxy serves github.com/hashicorp/terraform-provider-aws only at v1.60.0
  # (its later releases carry no /vN module suffix), so 5.x cannot be built from it.
  aws_json="{\"error\": $(json_str "no hashicorp/aws provider for $plat in the filesystem mirror $mirror; the Go module proxy cannot build 5.x (it lists only v1.60.0 of github.com/hashicorp/terraform-provider-aws). Point TF_PROVIDER_MIRROR at a mirror made with 'terraform providers mirror'.")}"
}

# --- The DataDog/datadog provider --------------------------------------------------------
datadog_json=()
provide_datadog_provider() {
  local version="$1" commit="$2" plat dir bin
  plat=$(platform)
  dir="$CACHE/datadog-provider/$commit"
  # Laid out as a Terraform filesystem mirror (unpacked layout), so `terraform init` can
  # install it like a registry provider.
  bin="$dir/mirror/registry.terraform.io/datadog/datadog/$version/$plat/terraform-provider-datadog_v$version"
  if [ -x "$bin" ]; then
    datadog_json+=("{\"version\": \"$version\", \"commit\": \"$commit\", \"mirror\": $(json_str "$dir/mirror")}")
    return
  fi
  if ! command -v go >/dev/null; then
    datadog_json+=("{\"version\": \"$version\", \"commit\": \"$commit\", \"error\": \"no Go toolchain to build it\"}")
    return
  fi
  log "building the Datadog provider $version ($commit) from the Go module proxy"
  local work out
  work=$(mktemp -d)
  (cd "$work" && go mod init provider-build >/dev/null 2>&1)
  if out=$(cd "$work" && GOFLAGS=-mod=mod go get "$DATADOG_MODULE@$commit" 2>&1) &&
    out=$(cd "$work" && mkdir -p "$(dirname "$bin")" && GOFLAGS=-mod=mod go build -o "$bin" "$DATADOG_MODULE" 2>&1); then
    datadog_json+=("{\"version\": \"$version\", \"commit\": \"$commit\", \"mirror\": $(json_str "$dir/mirror")}")
  else
    log "Datadog provider $version unavailable: $(echo "$out" | tail -2 | tr '\n' ' ')"
    datadog_json+=("{\"version\": \"$version\", \"commit\": \"$commit\", \"error\": $(json_str "$(echo "$out" | tail -3)")}")
  fi
  rm -rf "$work"
}

# --- moto ----------------------------------------------------------------------------------
moto_json='{"error": "not looked for"}'
provide_moto() {
  local venv="$CACHE/moto-$MOTO_VERSION/venv"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import moto.server" 2>/dev/null; then
    if ! command -v python3 >/dev/null; then
      moto_json='{"error": "no python3 to install moto into"}'
      return
    fi
    log "installing moto[server]==$MOTO_VERSION from PyPI into $venv"
    local out
    rm -rf "$venv"
    if ! out=$(python3 -m venv "$venv" 2>&1 && "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" 2>&1); then
      moto_json="{\"error\": $(json_str "pip install moto[server]==$MOTO_VERSION failed: $(echo "$out" | tail -3)")}"
      return
    fi
  fi
  moto_json="{\"python\": $(json_str "$venv/bin/python"), \"version\": \"$MOTO_VERSION\"}"
}

# --- actionlint ------------------------------------------------------------------------------
actionlint_json='{"error": "not looked for"}'
provide_actionlint() {
  local bin="$CACHE/actionlint-$ACTIONLINT_VERSION/actionlint" out
  if [ ! -x "$bin" ]; then
    if ! command -v go >/dev/null; then
      actionlint_json='{"error": "no Go toolchain to build it"}'
      return
    fi
    log "building actionlint $ACTIONLINT_VERSION from the Go module proxy"
    if ! out=$(GOBIN="$(dirname "$bin")" GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@v$ACTIONLINT_VERSION" 2>&1); then
      actionlint_json="{\"error\": $(json_str "$(echo "$out" | tail -3)")}"
      return
    fi
  fi
  actionlint_json="{\"path\": $(json_str "$bin"), \"version\": \"$ACTIONLINT_VERSION\"}"
}

provide_terraform
provide_aws_provider
for pair in "${DATADOG_PROVIDERS[@]}"; do provide_datadog_provider "${pair%%=*}" "${pair#*=}"; done
provide_moto
provide_actionlint

tmp="$CACHE/tools.json.$$"
{
  printf '{\n  "terraform": %s,\n  "aws": %s,\n  "moto": %s,\n  "actionlint": %s,\n  "datadog": [\n    ' "$terraform_json" "$aws_json" "$moto_json" "$actionlint_json"
  (IFS=','; printf '%s' "${datadog_json[*]}" | sed 's/},{/},\n    {/g')
  printf '\n  ]\n}\n'
} >"$tmp" && mv "$tmp" "$CACHE/tools.json"
log "tools: $CACHE/tools.json"
exit 0
