#!/usr/bin/env bash
# Installs what wppackages needs to build, test and demo, from Debian's
# packages and the npm registry only. Quiet and quick when all is present.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  # Libraries of the product.
  libmicrohttpd-dev libcurl4-openssl-dev libssl-dev libsqlite3-dev sqlite3 libsqlitecpp-dev
  nlohmann-json3-dev libsimdjson-dev libcli11-dev libspdlog-dev libfmt-dev libyaml-cpp-dev
  libkainjow-mustache-dev libsodium-dev libxxhash-dev libzstd-dev zlib1g-dev libdeflate-dev libexpat1-dev pkg-config
  # Social preview images (docs/behaviour.md §15): cairo + pango, the house fonts and the
  # fallbacks for other scripts, CJK and emoji; tesseract reads the cards back in tests.
  libcairo2-dev libpango1.0-dev fonts-inter fonts-jetbrains-mono fonts-dejavu-core fonts-noto-core
  fonts-noto-cjk fonts-noto-color-emoji tesseract-ocr tesseract-ocr-eng
  # Build and test tools.
  g++ clang clang-tidy clang-format cmake ninja-build ccache libgtest-dev libgmock-dev
  libbenchmark-dev libclang-rt-14-dev
  # Real peers for the end-to-end tests and benchmarks.
  composer php-cli php-zip unzip python3-botocore wrk nginx-light curl zip
  # Headless browser for the website and admin tests (playwright-core drives it).
  chromium fonts-liberation2
  # The operator's kit in deploy/, checked with the real tools.
  systemd caddy ansible ansible-lint logrotate debootstrap zstd systemd-container
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
# Node.js and npm come with the machine image; fall back to Debian's.
if ! command -v npm > /dev/null; then
  missing+=(nodejs npm)
fi
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
fi

# npm: test tools only (pinned in package.json / package-lock.json).
if [ -f package.json ]; then
  if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ]; then
    echo "setup: installing npm packages"
    npm install --no-audit --no-fund --loglevel=error > /dev/null
  fi
fi
