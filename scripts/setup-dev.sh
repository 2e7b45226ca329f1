#!/usr/bin/env bash
# Set up a development machine: the Debian packages the tests use, then the project with its
# dev extras. Safe to rerun. Debian packages: tesseract (OCR tests), chromium (HTML report tests),
# free fonts (renamed into test PDFs), poppler-utils (pdftoppm, for looking at reports),
# ghostscript (reads EPS logo files; the EPS tests).
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(tesseract-ocr tesseract-ocr-swe tesseract-ocr-eng fonts-dejavu-core fonts-liberation
          chromium poppler-utils ghostscript)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "setup-dev: please install: ${missing[*]} (tests that need them will skip)" >&2
  fi
fi
python3 -m pip install -q --upgrade pip
python3 -m pip install -q -e '.[dev]'
