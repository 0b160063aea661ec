#!/usr/bin/env bash
# Runs every test from a fresh clone: restore, build (warnings are errors), format check, all test projects,
# and a smoke run of the load driver so the benchmark cannot rot. Ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The SLO tests query a real Prometheus, the remediation tests route alerts through a real Alertmanager and the
# storage contract suite runs on a real PostgreSQL (Debian packages); the deployment tests render deploy/kubernetes
# with kubectl's kustomize; the web UI tests drive Debian's Chromium; install them when missing.
missing=""
command -v prometheus >/dev/null 2>&1 || missing="$missing prometheus"
command -v prometheus-alertmanager >/dev/null 2>&1 || missing="$missing prometheus-alertmanager"
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing="$missing postgresql"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v kubectl >/dev/null 2>&1 || missing="$missing kubectl"
if [ -n "$missing" ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
fi

dotnet build Bosun.slnx -c Release
dotnet format Bosun.slnx --verify-no-changes --no-restore
log=$(mktemp)
status=0
# A test that hangs fails the run after 10 minutes, naming itself, instead of using up the CI budget.
dotnet test Bosun.slnx -c Release --no-build --blame-hang-timeout 10m --blame-hang-dump-type none 2>&1 | tee "$log" || status=$?
dotnet bench/Bosun.Benchmarks/bin/Release/net10.0/Bosun.Benchmarks.dll --smoke || status=$?
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "${passed} passed, ${failed} failed"
exit $status
