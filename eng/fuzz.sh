#!/usr/bin/env bash
# Fuzzes Bosun's parsers with SharpFuzz under afl++ (Debian's package): each target for SECONDS (default 60), with the
# seed corpus of tests/TestData/fuzz/<target>. Outside the README's test command; run it on demand:
#   eng/fuzz.sh [SECONDS] [TARGET...]        e.g. eng/fuzz.sh 600 template curl
# Prints executions per second and in total per target; a crash or hang is copied to
# tests/TestData/fuzz/<target>/found/ and the script exits 1 (replay one: dotnet <harness> TARGET FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(cloudevent shipyard slo sli webhook remediation alertmanager curl template criteria address json)

if ! command -v afl-fuzz >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends afl++
fi
tools=$PWD/.tools
[ -x "$tools/sharpfuzz" ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet publish tests/Bosun.Fuzz -c Release -o "$work/bin" >/dev/null
# Instrument what the targets exercise: Bosun's parsers and the YAML library under them.
for dll in Bosun.Core.dll Bosun.Server.dll YamlDotNet.dll; do
  "$tools/sharpfuzz" "$work/bin/$dll" >/dev/null
done

export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
status=0
printf '%-13s %10s %14s %8s %6s\n' target execs/s executions crashes hangs
for target in "${targets[@]}"; do
  out="$work/out-$target"
  afl-fuzz -i "tests/TestData/fuzz/$target" -o "$out" -V "$seconds" -t 10000 -m none -- dotnet "$work/bin/Bosun.Fuzz.dll" "$target" >"$work/$target.log" 2>&1 || {
    echo "afl-fuzz failed for $target:"; tail -20 "$work/$target.log"; status=1; continue; }
  stats="$out/default/fuzzer_stats"
  value() { awk -F' *: *' -v k="$1" '$1 == k {print $2}' "$stats"; }
  printf '%-13s %10s %14s %8s %6s\n' "$target" "$(value execs_per_sec)" "$(value execs_done)" "$(value saved_crashes)" "$(value saved_hangs)"
  for kind in crashes hangs; do
    for found in "$out/default/$kind"/id:*; do
      [ -e "$found" ] || continue
      mkdir -p "tests/TestData/fuzz/$target/found"
      cp "$found" "tests/TestData/fuzz/$target/found/$kind-$(sha1sum "$found" | cut -c1-12)"
      status=1
    done
  done
done
exit $status
