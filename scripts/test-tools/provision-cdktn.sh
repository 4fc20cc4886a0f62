# Sourced by provision.sh: an npm cache holding CDK Terrain (cdktn, its CLI, constructs at its
# peer range, and the prebuilt AWS and Datadog bindings), so the cdktn proofs install a fresh
# app with `npm install --offline --cache <it>`. Filled by a real install (with the registry's
# integrity checks) of the pinned versions in a seed folder, run by the first cached
# Node 22 binary (cdktn needs Node >= 22.11). The seed's package.json and lock file stay
# ("seed" in tools.json): `npm ci --offline` of them gets exactly the cached tree (the CLI's
# dependency ranges could otherwise resolve to versions newer than the cache holds), its
# tarball addresses written even where an npmrc omits them, so no metadata is needed offline.
CDKTN_PACKAGES=(
  "cdktn@0.24.0"
  "cdktn-cli@0.24.0"
  "@cdktn/provider-aws@25.7.0"
  "@cdktn/provider-datadog@16.1.0"
  "constructs@10.7.2"
)
# Bump when CDKTN_PACKAGES changes: the cache is keyed by it.
CDKTN_CACHE_KEY=0.24.0-aws25.7.0-datadog16.1.0-3

cdktn_json='{"error": "not looked for"}'
provide_cdktn() {
  local dir="$CACHE/cdktn-$CDKTN_CACHE_KEY" node22 npm_cli seed out
  local head="\"packages\": $(json_str "${CDKTN_PACKAGES[*]}")"
  if [ -f "$dir/complete" ]; then
    cdktn_json="{$head, \"npmCache\": $(json_str "$dir/npm-cache"), \"seed\": $(json_str "$dir/seed")}"
    return
  fi
  node22=$(printf '%s\n' "${node_json[@]}" | python3 -c 'import json,sys
for l in sys.stdin:
  d=json.loads(l)
  if d["version"].startswith("22.") and "path" in d: print(d["path"]); break' 2>/dev/null)
  npm_cli="$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js"
  if [ -z "$node22" ] || [ ! -f "$npm_cli" ]; then
    cdktn_json="{$head, \"error\": $(json_str "no Node 22 binary (see \"node\") or no npm-cli.js beside npm to fill the cdktn npm cache with")}"
    return
  fi
  log "filling the npm cache for cdktn (${CDKTN_PACKAGES[*]}) from the npm registry"
  rm -rf "$dir" && mkdir -p "$dir/seed"
  seed="$dir/seed"
  printf '{"name": "cdktn-seed", "private": true}\n' >"$seed/package.json"
  if out=$(cd "$seed" && "$node22" "$npm_cli" install --cache "$dir/npm-cache" --no-audit --no-fund --ignore-scripts --save-exact --no-omit-lockfile-registry-resolved "${CDKTN_PACKAGES[@]}" 2>&1); then
    rm -rf "$seed/node_modules"
    touch "$dir/complete"
    cdktn_json="{$head, \"npmCache\": $(json_str "$dir/npm-cache"), \"seed\": $(json_str "$seed")}"
  else
    rm -rf "$dir"
    log "cdktn unavailable: $(echo "$out" | tail -3)"
    cdktn_json="{$head, \"error\": $(json_str "npm install ${CDKTN_PACKAGES[*]} failed: $(echo "$out" | tail -3)")}"
  fi
}
