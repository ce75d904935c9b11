#!/usr/bin/env bash
# Builds the seed corpora for the fuzz targets from Fixtures/ and wordlists/, into
# Fuzz/corpus/<Target>/ (git-ignored). Usage: Fuzz/make-corpus.sh (from anywhere).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="$root/Fuzz/corpus"
mkdir -p "$corpus"/{FuzzNormalizer,FuzzRulePack,FuzzJSONLines,FuzzCSV,FuzzFacebook}

# Normalizer: the text of every sample and dev-set post, one file each.
python3 - "$root" "$corpus/FuzzNormalizer" <<'PY'
import json, sys
root, out = sys.argv[1], sys.argv[2]
n = 0
for name in ["Fixtures/sample/posts.jsonl", "Fixtures/dev/dev-set.jsonl"]:
    for line in open(f"{root}/{name}", encoding="utf-8"):
        if line.strip():
            n += 1
            open(f"{out}/seed-{n}", "w", encoding="utf-8").write(json.loads(line).get("text", ""))
PY

# Rule packs: every YAML file in the fixtures and the default pack.
find "$root/Fixtures/packs" "$root/Fixtures/e2e" "$root/wordlists" -name '*.yaml' -print0 |
    while IFS= read -r -d '' file; do cp "$file" "$corpus/FuzzRulePack/$(echo "$file" | tr / _)"; done

# Readers: the input fixtures of each format.
cp "$root"/Fixtures/input/posts.jsonl "$root"/Fixtures/e2e/*.jsonl "$root"/Fixtures/sample/posts.jsonl "$corpus/FuzzJSONLines/" 2>/dev/null || true
head -c 20000 "$root/Fixtures/dev/dev-set.jsonl" > "$corpus/FuzzJSONLines/dev-head.jsonl"
cp "$root"/Fixtures/input/posts.csv "$root"/Fixtures/e2e/*.csv "$corpus/FuzzCSV/"
find "$root/Fixtures/input/facebook-old" -name '*.json' -print0 |
    while IFS= read -r -d '' file; do cp "$file" "$corpus/FuzzFacebook/$(echo "$file" | tr / _)"; done
echo "seed corpora in $corpus: $(find "$corpus" -type f | wc -l) files"
