"""The 20,000-post test corpus, made from the repository's fixtures at test time (never committed).

Real comments (ViHOS) and the labelled posts, as written, obfuscated, in capitals and without
diacritics; some with links and an author; 1 line in 100 unreadable the ways a crawl goes
wrong (broken JSON, a text that is null, missing, a number or a list, a line that is not an
object); and a few blank lines, which are not records.
"""

import csv
import json
import random
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
POSTS = 20_000

LINKS = [
    "https://vnexpress.net/the-thao-123.html",
    "http://bit.ly/3xQ9abc",
    "https://shopee-hoantien.com.vn-xacnhan.top/otp",
    "https://tinmoi24h.online/bai-viet",
    "https://chinhphu.vn/thong-bao",
]

UNREADABLE = [
    '{"id": "{id}", "text": ',                      # cut off mid-record
    '{"id": "{id}", "text": null}',
    '{"id": "{id}", "body": "xin chào cả nhà"}',
    '{"id": "{id}", "text": 500000}',
    '{"id": "{id}", "text": ["ck", "stk"]}',
    '"{id} is a string, not a post"',
    '{broken {id}',
]


def texts():
    """Every text of the fixtures: ViHOS train and dev, the dev set, the sample."""
    found = []
    for split in ("train", "dev"):
        with open(REPO / "Fixtures" / "vihos" / f"{split}.csv", newline="", encoding="utf-8") as file:
            found += [row["content"] for row in csv.DictReader(file)]
    for name in ("dev/dev-set.jsonl", "sample/posts.jsonl"):
        with open(REPO / "Fixtures" / name, encoding="utf-8") as file:
            found += [json.loads(line)["text"] for line in file if line.strip()]
    assert len(found) > 10_000, "the fixtures' texts are missing"
    return found


def variant(text, kind, rng):
    """The text as written (0), dotted between letters of a word (1), in capitals (2), or
    without diacritics (3)."""
    if kind == 1:
        words = text.split(" ")
        at = rng.randrange(len(words))
        words[at] = ".".join(words[at])
        return " ".join(words)
    if kind == 2:
        return text.upper()
    if kind == 3:
        bare = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
        return unicodedata.normalize("NFC", "".join(c for c in bare if unicodedata.category(c) != "Mn"))
    return text


def records(posts=POSTS):
    """The corpus as (line, record): `record` is the parsed object for a readable line, None
    for an unreadable one; blank lines come as ("   ", None)."""
    rng = random.Random(19)
    source = texts()
    out = []
    for number in range(posts):
        post_id = f"p{number:05d}"  # p00000 to p19999, then p20000...
        if number % 100 == 37:
            out.append((UNREADABLE[(number // 100) % len(UNREADABLE)].replace("{id}", post_id), None))
            continue
        if number % 1000 == 500:
            out.append((" \t ", None))
        record = {"id": post_id, "text": variant(source[number % len(source)], (number // len(source) + number) % 4, rng)}
        if number % 5 == 0:
            record["links"] = [LINKS[number % len(LINKS)]]
        if number % 3 == 0:
            record["author"] = f"user{number % 97}"
        out.append((json.dumps(record, ensure_ascii=False), record))
    return out


def write(path, posts=POSTS):
    """Writes the corpus as JSON Lines to `path` and returns `records(posts)`."""
    corpus = records(posts)
    path.write_text("".join(line + "\n" for line, _ in corpus), encoding="utf-8")
    return corpus
