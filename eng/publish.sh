#!/usr/bin/env bash
# The one way Bosun is published: by the launcher (./bosun, which the tests run) and by the Dockerfile.
# Usage: eng/publish.sh OUTPUT_DIR ARTIFACTS_DIR
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dotnet publish "$root/src/Bosun.Cli/Bosun.Cli.csproj" -c Release -o "$1" --artifacts-path "$2" --nologo -v quiet
