#!/usr/bin/env bash
# Run the whole EvidenceKit test suite (installs what is missing first).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --no-demo
# two workers: the suite is mostly waiting on processes (OCR, PDF, tmux); about 15 minutes
# on one, well under ten on two cores
exec .venv/bin/python -m pytest -n 2 "$@"
