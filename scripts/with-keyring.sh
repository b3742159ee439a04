#!/bin/sh
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (a real Secret Service), so the
# keychain tests talk to the same keytar backend a Linux desktop uses, without touching the user's own keyring.
# Where D-Bus or gnome-keyring is missing, the command runs as it is and the keychain tests say why they skip.
set -eu
if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "with-keyring: dbus-run-session or gnome-keyring-daemon not found; keychain tests will be skipped" >&2
  exec "$@"
fi
scratch=$(mktemp -d "${TMPDIR:-/tmp}/drjs-keyring.XXXXXX")
# gnome-keyring-daemon detaches from the D-Bus session that starts it and outlives it: end the ones started here
# (found by their runtime folder, as /proc shows it), then remove the folder.
# A process may end between the listing and the read: its vanished environment is not ours, and not an error.
ours() { { tr '\0' '\n' <"$1/environ"; } 2>/dev/null | grep -qx "XDG_RUNTIME_DIR=$scratch/runtime"; }
stop_daemons() {
  for proc in /proc/[0-9]*; do
    [ "$(cat "$proc/comm" 2>/dev/null)" = gnome-keyring-d ] && ours "$proc" || continue
    kill "${proc#/proc/}" 2>/dev/null || true
    # Gone (or a zombie, whose environment is empty) within a few seconds.
    tries=0
    while ours "$proc" && [ "$tries" -lt 50 ]; do
      sleep 0.1
      tries=$((tries + 1))
    done
  done
}
trap 'stop_daemons; rm -rf "$scratch"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$scratch/data" "$scratch/runtime"
chmod 700 "$scratch/runtime"
export DRJS_REAL_HOME="${HOME:-}"
export HOME="$scratch" XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/runtime"
dbus-run-session -- sh -c '
  printf %s test-keyring-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 &&
    export DRJS_TEST_KEYRING=unlocked
  exec "$@"
' with-keyring "$@"
