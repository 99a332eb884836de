#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine: the package with its
# test extras, Debian's chromium for the browser tests (Playwright cannot download
# its own browsers here, so it drives /usr/bin/chromium), and Lighthouse from the npm
# registry (package.json, locked in package-lock.json) for the Lighthouse test.
set -euo pipefail
cd "$(dirname "$0")/.."

python -m pip install --quiet --disable-pip-version-check -e ".[test]"

debian=()
[ -x /usr/bin/chromium ] || debian+=(chromium)
command -v npm >/dev/null || debian+=(nodejs npm)
if [ ${#debian[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${debian[@]}" >/dev/null
fi

npm ci --no-audit --no-fund --loglevel=error
