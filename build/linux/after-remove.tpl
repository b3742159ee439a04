#!/bin/bash
# deb/rpm after-remove (electron-builder fills in the ${...} names): electron-builder's own template
# (app-builder-lib/templates/linux/after-remove.tpl, 26.x) for the launcher that after-install.tpl puts on the PATH.

# An upgrade keeps the link: deb calls this with "upgrade", rpm with the number of versions still installed (1+),
# and rpm runs it after the new version's after-install.
case "$1" in
  upgrade | [1-9]*) exit 0 ;;
esac

LAUNCHER='/opt/${sanitizedProductName}/resources/bin/${executable}'
if type update-alternatives >/dev/null 2>&1; then
    update-alternatives --remove '${executable}' "$LAUNCHER" || true
else
    rm -f '/usr/bin/${executable}'
fi

APPARMOR_PROFILE_DEST='/etc/apparmor.d/${executable}'

# Remove and unload the AppArmor profile (not inside a chroot).
if [ -f "$APPARMOR_PROFILE_DEST" ]; then
  if apparmor_status --enabled > /dev/null 2>&1; then
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --remove "$APPARMOR_PROFILE_DEST" || true
    fi
  fi
  rm -f "$APPARMOR_PROFILE_DEST"
fi
