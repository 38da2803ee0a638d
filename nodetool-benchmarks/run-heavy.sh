#!/usr/bin/env bash
# Reproduces every figure of docs/performance.md ("Heavy workloads, side by side"):
#
#   nodetool-benchmarks/run-heavy.sh [--rounds N] [workload ...]
#
# workloads: ws-firehose ws-1000-jobs ws-large-binary http-large-base64 ndjson sse cold-start
# (all when none is named). It compiles the client, the test server, the CLI (its distribution, with bin/nodetool) and
# this module (never installs anything), installs the Node.js contender's two pinned packages from
# contenders/node/package-lock.json with `npm ci` if they are missing, then runs
# ai.nodetool.benchmarks.heavy.HeavyRatios, which starts one server process per workload and runs
# the SDK, the hand-written Java client and the Node.js client against it, interleaved round by round.
#
# Environment:
#   ROUNDS=N          measured rounds (default 5; one warm-up round comes first)
#   WARMUPS=N         unmeasured iterations inside every client process before its measured one
#                     (default: each workload's own, 1 or 2; never for cold-start)
#   HEAVY_NO_NODE=1   leave the Node.js contender out (then npm is never called)
#   CLI_COMMAND='…'   how to start the SDK's CLI for cold-start, with {url} for the server's base
#                     URL (default: the distribution's launcher, nodetool-cli/target/nodetool-cli-<version>/
#                     bin/nodetool --url {url} run greeting --param name=Ada, as a user installs it)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

echo "# commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown) $(git log -1 --format=%s 2>/dev/null | cut -c1-80)"
echo "# $(uname -srm); nproc $(nproc); $(java -version 2>&1 | head -1)"

# package (not only compile): the CLI's distribution, with bin/nodetool, is made at package time.
./mvnw -B -ntp -q -pl nodetool-benchmarks,nodetool-cli -am package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/heavy.cp
cp="$(cat nodetool-benchmarks/target/heavy.cp):$root/nodetool-benchmarks/target/classes"
launcher="$(ls -d "$root"/nodetool-cli/target/nodetool-cli-*/bin/nodetool | head -1)"

args=(--rounds "${ROUNDS:-5}")
if [[ -n "${WARMUPS:-}" ]]; then
    args+=(--warmups "$WARMUPS")
fi
if [[ "${HEAVY_NO_NODE:-}" != 1 ]] && command -v node >/dev/null; then
    if [[ ! -d "$here/contenders/node/node_modules" ]]; then
        (cd "$here/contenders/node" && npm ci --no-audit --no-fund --loglevel=error)
    fi
    args+=(--node "$here/contenders/node")
fi
if [[ -n "${CLI_COMMAND:-}" ]]; then
    args+=(--cli-command "$CLI_COMMAND")
else
    args+=(--cli-command "$launcher --url {url} run greeting --param name=Ada")
fi
exec java -cp "$cp" ai.nodetool.benchmarks.heavy.HeavyRatios "${args[@]}" "$@"
