#!/usr/bin/env bash
# The CI workflow examples users copy (examples/ci/*.yml) are valid GitHub Actions workflows,
# as actionlint judges them: syntax, expressions, job and step references, action inputs.
# actionlint is the one provision.sh built (npm test runs provision.sh first); .ci/run runs
# this after the tests, and a machine without it fails here rather than skip the check.
set -euo pipefail
cd "$(dirname "$0")/../.."
CACHE="${DATADOG_AWS_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/datadog-aws-cdktf}"
actionlint=$(node -e 'const t = require(process.argv[1]); if (!t.actionlint || !t.actionlint.path) { console.error("actionlint not provided: " + ((t.actionlint && t.actionlint.error) || "unknown")); process.exit(1); } console.log(t.actionlint.path)' "$CACHE/tools.json")
"$actionlint" -no-color examples/ci/*.yml
echo "actionlint: examples/ci/*.yml pass"
