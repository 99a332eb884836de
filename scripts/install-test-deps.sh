#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine: the package with its
# test extras, and Debian's chromium for the browser tests (Playwright cannot download
# its own browsers here, so it drives /usr/bin/chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

python -m pip install --quiet --disable-pip-version-check -e ".[test]"

if [ ! -x /usr/bin/chromium ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
