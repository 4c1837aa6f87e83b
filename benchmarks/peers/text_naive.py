"""The naive text chain a user would write, as its own program (benchmarks/speed.py times it).

    python benchmarks/peers/text_naive.py FOLDER OUT

Every ``.txt`` file of FOLDER, in name order: ftfy's ``fix_text``, C4-like line rules as regular
expressions (a line is kept when it ends in terminal punctuation, has at least 3 words and names
neither javascript nor a cookie or terms-of-use policy; a document with "lorem ipsum" or a curly
bracket is dropped, as C4 does), langdetect (seeded) on the kept text, and one pyarrow Parquet
write of all rows at the end. The language is detected after the line rules because that is the
cheaper order (less text to read) and the pipeline too detects on its cleaned text.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

# C4's line rules (Raffel et al. 2020, section 2.2), written as a user would with ``re``
TERMINAL = re.compile(r"[.!?\"']\s*$")
WORD = re.compile(r"\S+")
JAVASCRIPT = re.compile(r"javascript", re.I)
POLICY = re.compile(r"terms of use|privacy policy|cookie policy|uses cookies|use of cookies|use cookies", re.I)
DOC_DROP = re.compile(r"lorem ipsum|\{", re.I)


def keep_line(line: str) -> bool:
    return (bool(TERMINAL.search(line)) and len(WORD.findall(line)) >= 3
            and not JAVASCRIPT.search(line) and not POLICY.search(line))


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    import ftfy
    import pyarrow as pa
    import pyarrow.parquet as pq
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    folder, out = Path(argv[0]), Path(argv[1])
    rows: dict[str, list] = {"id": [], "text": [], "language": []}
    for f in sorted(folder.glob("*.txt")):
        text = ftfy.fix_text(f.read_text(encoding="utf-8"))
        if DOC_DROP.search(text):
            continue
        text = "\n".join(line for line in text.split("\n") if keep_line(line))
        if not text:
            continue
        try:
            lang = detect(text)
        except LangDetectException:
            lang = "und"
        rows["id"].append(f.name)
        rows["text"].append(text)
        rows["language"].append(lang)
    out.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(rows), out / "naive.parquet")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
