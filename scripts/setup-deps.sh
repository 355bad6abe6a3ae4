#!/usr/bin/env bash
# Install Kestrel's build and test dependencies from Debian 12's own packages.
# Uses sudo when not root. Safe to run again: apt-get skips what is already installed.
set -euo pipefail

packages=(
  build-essential cmake make git pkg-config
  libeigen3-dev libgeographiclib-dev libyaml-cpp-dev nlohmann-json3-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  chromium libxml2-utils
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js 18+ and npm run the independent ULog reader (tests/ulog_js, @foxglove/ulog). Debian 12
# ships node 18 and npm 9. A node from elsewhere (NodeSource, nvm) that already brings npm is kept:
# NodeSource's nodejs package conflicts with Debian's npm, so only install them when either is absent.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} Debian packages present, node $(node --version) and npm $(npm --version)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
echo "setup: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
