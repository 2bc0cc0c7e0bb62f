#!/usr/bin/env bash
# Installs the Debian packages the test suite drives (never a downloaded browser):
#   chromium     - the Chromium browser proof (/usr/bin/chromium)
#   firefox-esr  - the Firefox browser proof (/usr/bin/firefox-esr)
#   openssl      - the lab's throwaway certificate authority
#   njs          - runs the generated CloudFront Function in an independent ES5 interpreter
#   libnss3-tools - certutil: `gms-edge verify --browser --ca-file` adds the CA to the browser profile
# As root it runs apt-get for whatever is missing; otherwise it prints the exact command and fails.
# Set GMS_EDGE_SKIP_SYSTEM_PACKAGES=1 to skip the check (the tests that need a package then fail
# with the same hint).
set -euo pipefail

if [[ "${GMS_EDGE_SKIP_SYSTEM_PACKAGES:-}" == "1" ]]; then
  exit 0
fi

declare -A command_of=(
  [chromium]=chromium
  [firefox-esr]=firefox-esr
  [openssl]=openssl
  [njs]=njs
  [libnss3-tools]=certutil
)
missing=()
for package in chromium firefox-esr openssl njs libnss3-tools; do
  if ! command -v "${command_of[$package]}" >/dev/null 2>&1; then
    missing+=("$package")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
# fonts-dejavu-core gives the headless browsers a font for the lab screenshot.
install_command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]} fonts-dejavu-core"

if [[ "$(id -u)" != "0" ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "The tests need these system packages: ${missing[*]}." >&2
  echo "Install them as root, then run the tests again:" >&2
  echo "  sudo sh -c '$install_command'" >&2
  exit 1
fi
echo "Installing the system packages the tests need: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
sh -c "$install_command"
