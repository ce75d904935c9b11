#!/usr/bin/env python3
"""Matcher-only peer: pyahocorasick (and re2.Set) over NFC + casefolded texts, one thread.

Reads texts.bin and dict_10k.txt / regexes.txt of a gen_workload.py directory, normalizes every
text (NFC + casefold, untimed), builds the automaton (untimed, reported), then times matching
only. Prints one JSON line per measurement, in the fields of bench_icu and sangloc-measure;
MB/s divides the UTF-8 bytes of the raw texts (texts.bin), the same bytes SangLoc's figures use.

  python3 match_py.py DIR [--reps N]
"""
import argparse, json, os, statistics, struct, time, unicodedata

ap = argparse.ArgumentParser()
ap.add_argument("dir")
ap.add_argument("--reps", type=int, default=5)
a = ap.parse_args()

raw = open(os.path.join(a.dir, "texts.bin"), "rb").read()
texts, off, nbytes = [], 0, 0
while off + 4 <= len(raw):
    (n,) = struct.unpack_from("<I", raw, off)
    off += 4
    texts.append(raw[off:off + n].decode("utf-8"))
    nbytes += n
    off += n
folded = [unicodedata.normalize("NFC", t).casefold() for t in texts]
keywords = [l.rstrip("\n") for l in open(os.path.join(a.dir, "dict_10k.txt"), encoding="utf-8") if l.strip()]
regexes = [l.rstrip("\n") for l in open(os.path.join(a.dir, "regexes.txt"), encoding="utf-8") if l.strip()]


def report(tool, variant, times, check, notes=""):
    med = statistics.median(times)
    print(json.dumps({"tool": tool, "variant": variant, "reps": len(times), "median_s": round(med, 5),
                      "bytes": nbytes, "posts": len(texts), "MBps": round(nbytes / med / 1e6, 3),
                      "posts_per_s": round(len(texts) / med), "check": check, "notes": notes}), flush=True)


import ahocorasick
t0 = time.perf_counter()
A = ahocorasick.Automaton()
for i, k in enumerate(keywords):
    A.add_word(k, i)
A.make_automaton()
build = time.perf_counter() - t0

times, check = [], 0
for _ in range(a.reps):
    check = 0
    t0 = time.perf_counter()
    for t in folded:
        for _hit in A.iter(t):
            check += 1
    times.append(time.perf_counter() - t0)
report("pyahocorasick Automaton.iter", "10k keywords, exact, NFC+casefold texts", times, check,
       "check = keyword hits; build %.3f s" % build)

import re2
S = re2.Set.SearchSet(re2.Options())
for r in regexes:
    S.Add(r)
S.Compile()
times, check = [], 0
for _ in range(a.reps):
    check = 0
    t0 = time.perf_counter()
    for t in folded:
        for _hit in A.iter(t):
            check += 1
        check += len(S.Match(t) or [])
    times.append(time.perf_counter() - t0)
report("pyahocorasick + re2.Set", "10k keywords exact + 50 regexes, NFC+casefold texts", times, check,
       "check = keyword hits + regex rules fired")
