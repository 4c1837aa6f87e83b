"""The programs the pipeline is compared with, each run as its own process by benchmarks/speed.py.

    python benchmarks/baselines.py bare FOLDER          # trafilatura.extract(with_metadata=True)
    python benchmarks/baselines.py naive FOLDER OUT     # trafilatura, ftfy, langdetect, one Parquet write

Each is what a user would write and run: a fresh interpreter that imports its libraries, loads
what they load on first use, and goes over the files in name order. Timing whole processes puts
everyone's start-up and first-use costs (langdetect's profiles, trafilatura's first call) in the
figure, as they are in ``pipeline run``'s.
"""
from __future__ import annotations

import sys
from pathlib import Path


def bare(folder: Path) -> None:
    import trafilatura

    for f in sorted(folder.iterdir()):
        trafilatura.extract(f.read_text(encoding="utf-8"), with_metadata=True)


def naive(folder: Path, out: Path) -> None:
    import ftfy
    import pyarrow as pa
    import pyarrow.parquet as pq
    import trafilatura
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    rows: dict[str, list] = {"id": [], "text": [], "language": []}
    for f in sorted(folder.iterdir()):
        text = trafilatura.extract(f.read_text(encoding="utf-8"), with_metadata=True) or ""
        text = ftfy.fix_text(text)
        try:
            lang = detect(text)
        except LangDetectException:
            lang = "und"
        rows["id"].append(f.name)
        rows["text"].append(text)
        rows["language"].append(lang)
    out.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(rows), out / "naive.parquet")


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in ("bare", "naive") or (argv[0] == "naive" and len(argv) < 3):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    if argv[0] == "bare":
        bare(Path(argv[1]))
    else:
        naive(Path(argv[1]), Path(argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
