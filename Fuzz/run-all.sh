#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600), one after the other, from the
# package root. Crashers go to Fuzz/artifacts/<Target>/; logs to Fuzz/artifacts/<Target>.log.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-600}"
cd "$root"
[ -d Fuzz/corpus ] || Fuzz/make-corpus.sh
for target in FuzzNormalizer FuzzJSONLines FuzzRulePack FuzzCSV FuzzFacebook; do
    mkdir -p "Fuzz/artifacts/$target" "Fuzz/corpus/$target"
    echo "== $target for ${seconds}s"
    "Fuzz/.build/debug/$target" "Fuzz/corpus/$target" -max_total_time="$seconds" -timeout=20 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="Fuzz/artifacts/$target/" \
        > "Fuzz/artifacts/$target.log" 2>&1
    echo "$target exit $?; $(grep -E '^stat::number_of_executed_units' "Fuzz/artifacts/$target.log")"
done
