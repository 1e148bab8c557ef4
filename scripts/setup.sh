#!/usr/bin/env bash
# Set up EvidenceKit on a Debian/Ubuntu machine and run the demo.
#   bash scripts/setup.sh            install what is missing, then build the demo case and bundle
#   bash scripts/setup.sh --no-demo  install only (used by scripts/test.sh)
# Idempotent: a second run installs nothing new and builds a fresh demo.
set -euo pipefail
cd "$(dirname "$0")/.."

demo=1
[ "${1:-}" = "--no-demo" ] && demo=0

say() { printf 'setup: %s\n' "$*" >&2; }

# --- system packages (only those missing) ------------------------------------------------------
need=()
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
if command -v tesseract >/dev/null 2>&1; then
  langs=$(tesseract --list-langs 2>/dev/null || true)
  grep -qx chi_sim <<<"$langs" || need+=(tesseract-ocr-chi-sim)
  grep -qx chi_tra <<<"$langs" || need+=(tesseract-ocr-chi-tra)
  grep -qx eng <<<"$langs" || need+=(tesseract-ocr-eng)
else
  need+=(tesseract-ocr-chi-sim tesseract-ocr-chi-tra tesseract-ocr-eng)
fi
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)
command -v pdfsig >/dev/null 2>&1 || need+=(poppler-utils)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
# speaks a sentence for the speech-recognition test
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
command -v git >/dev/null 2>&1 || need+=(git)
# the browser the VERIFY.html tests drive (Debian's own build: no test tool downloads a browser)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || need+=(python3-venv)

if [ ${#need[@]} -gt 0 ]; then
  say "installing system packages: ${need[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# --- Python ------------------------------------------------------------------------------------
python3 - <<'PY' || { say "EvidenceKit needs Python 3.11 or newer"; exit 1; }
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY
if [ ! -x .venv/bin/python ]; then
  say "creating the virtual environment .venv"
  python3 -m venv .venv
fi
stamp=.venv/.evidencekit-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  say "installing EvidenceKit and its Python dependencies into .venv"
  log=.venv/pip-install.log
  if ! { .venv/bin/python -m pip install --upgrade pip && .venv/bin/python -m pip install -e '.[test,speech-test]'; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    say "pip install failed; the whole output is in $log"
    exit 1
  fi
  touch "$stamp"
fi

if [ "$demo" = 1 ]; then
  say "building the demo case from samples/"
  .venv/bin/evidencekit demo --out demo-out
  say "done. Open it in the terminal app with: .venv/bin/evidencekit demo-out"
fi
