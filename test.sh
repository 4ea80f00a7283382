#!/usr/bin/env bash
# Runs every test project and prints the totals as the last line: "N passed, N failed, N skipped".
# Installs what the tests need (Prometheus's promtool and server, from Debian) when missing.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

if ! command -v promtool >/dev/null 2>&1 || ! command -v prometheus >/dev/null 2>&1; then
  echo "test.sh: installing Debian's prometheus package (promtool, prometheus)..." >&2
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus) >&2 \
      || echo "test.sh: could not install prometheus; tests that need it will fail" >&2
  else
    echo "test.sh: not root, cannot install prometheus; tests that need it will fail" >&2
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ! dotnet build Firefighter.slnx -c Release --nologo -v quiet -clp:ErrorsOnly; then
  echo "0 passed, 1 failed"
  exit 1
fi

log="$(mktemp)"
status=0
# The format check counts as one test: code that dotnet format would change does not land.
format_failed=0
if ! dotnet format Firefighter.slnx --verify-no-changes --no-restore -v quiet; then
  echo "test.sh: dotnet format --verify-no-changes failed: run 'dotnet format' and commit the result" >&2
  format_failed=1
  status=1
fi
for proj in tests/*/*.Tests.csproj; do
  dotnet test "$proj" -c Release --no-build --nologo 2>&1 | tee -a "$log" || status=1
done

read -r passed failed skipped < <(grep -E '^(Passed|Failed)!' "$log" | awk '
  { for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1));
      if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
  END { printf "%d %d %d\n", p, f, s }')
rm -f "$log"
failed=$((failed + format_failed))
passed=$((passed + 1 - format_failed))
if [ "$passed" = 0 ] && [ "$failed" = 0 ]; then status=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
