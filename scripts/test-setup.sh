#!/bin/sh
# `npm run test:setup`: the system packages the test suite needs on Debian or Ubuntu, installed with apt (as root,
# or through sudo). It says which it installs; packages already present are left alone. Then, if the project is
# already installed, it makes sure the keychain module is built (see scripts/keychain-setup.mjs).
set -eu
cd "$(dirname "$0")/.."

# What each is for:
#   libsecret-1-dev                      keytar (the OS keychain module) builds against it and loads it at run time
#   gnome-keyring dbus dbus-x11          a real Secret Service for the keychain tests (scripts/with-keyring.sh)
#   libsecret-tools pkg-config           secret-tool for checking the keychain; pkg-config finds libsecret
#   chromium                             Playwright drives Debian's Chromium, never a downloaded browser
#   xvfb xauth                           a display where one is needed
#   poppler-utils                        pdftoppm / pdftotext: the evidence report's PDF is checked page by page
PACKAGES="libsecret-1-dev gnome-keyring dbus dbus-x11 libsecret-tools pkg-config chromium xvfb xauth poppler-utils"

if ! command -v apt-get >/dev/null 2>&1; then
  echo "test:setup: this needs apt-get (Debian or Ubuntu). Install these packages your own way: $PACKAGES" >&2
  exit 1
fi
missing=""
for package in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done
if [ -n "$missing" ]; then
  echo "test:setup: installing with apt:$missing"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  # shellcheck disable=SC2086 # one word per package
  $sudo apt-get install -y -qq $missing >/dev/null
else
  echo "test:setup: every system package is already installed ($PACKAGES)."
fi
if [ -d node_modules ]; then node scripts/keychain-setup.mjs; fi
