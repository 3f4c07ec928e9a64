#!/usr/bin/env bash
# The committee report's browser test needs Debian's Chromium (Playwright's own browser download cannot
# work on these machines). Installed once when missing and when we may; otherwise the test reports
# itself as skipped.
set -u
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "test set-up: installing Debian's chromium for the browser test (once)…" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) >&2 \
    || echo "test set-up: could not install chromium; the browser test will be reported as skipped" >&2
else
  echo "test set-up: chromium missing and not root; the browser test will be reported as skipped" >&2
fi
exit 0
