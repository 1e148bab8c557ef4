#!/usr/bin/env bash
# Run the whole EvidenceKit test suite (installs what is missing first).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --no-demo
exec .venv/bin/python -m pytest "$@"
