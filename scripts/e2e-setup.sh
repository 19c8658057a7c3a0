#!/usr/bin/env bash
# Installs what the board's end-to-end browser tests need: Debian's chromium (driven by
# playwright-core with executablePath=/usr/bin/chromium). Called from .ci/run; safe to rerun.
# Without root or apt-get it says so and exits 0: the e2e tests then skip with a message.
set -u
if [ -x /usr/bin/chromium ]; then
  echo "e2e-setup: /usr/bin/chromium present ($(/usr/bin/chromium --version 2>/dev/null || echo '?'))"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "e2e-setup: apt-get not found; board e2e tests will be skipped"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "e2e-setup: not root and no sudo; board e2e tests will be skipped"; exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || echo "e2e-setup: apt-get update failed"
# fonts-dejavu-core so text in screenshots renders; chromium pulls in the rest.
if $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/tmp/e2e-setup-apt.log 2>&1; then
  echo "e2e-setup: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
else
  echo "e2e-setup: apt-get install chromium failed (see /tmp/e2e-setup-apt.log); board e2e tests will be skipped"
  tail -n 5 /tmp/e2e-setup-apt.log
fi
exit 0
