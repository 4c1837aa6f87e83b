"""A datatrove text chain, as a datatrove user runs one (benchmarks/speed.py times it).

    python benchmarks/peers/text_datatrove.py FOLDER OUT

A ``LocalPipelineExecutor`` with one task and one worker (which runs the task in this process)
over: a reader of FOLDER's ``.txt`` files in name order (datatrove has no plain-text folder
reader; a pipeline step may be any generator function), ``FTFYFormatter``, ``C4QualityFilter``,
``GopherRepetitionFilter``, ``GopherQualityFilter``, ``FineWebQualityFilter`` (all with their
defaults: FineWeb's settings), a language label from langdetect (seeded) and ``ParquetWriter``.

Why langdetect and not datatrove's ``LanguageFilter``: that one needs the ``fasttext`` package and
downloads its fastText model (lid.176.bin) from the network on first use, which this machine
cannot reach; a user without it labels languages with langdetect, as the naive chain does. The
label keeps every language (the pipeline too keeps all languages and labels them). The Gopher and
FineWeb filters split English words and sentences with spaCy (a blank ``en`` model: no download),
which is why the ``bench`` extra installs spaCy.
"""
from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    from datatrove.data import Document
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.filters import (C4QualityFilter, FineWebQualityFilter, GopherQualityFilter,
                                            GopherRepetitionFilter, LambdaFilter)
    from datatrove.pipeline.formatters import FTFYFormatter
    from datatrove.pipeline.writers import ParquetWriter
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    folder, out = Path(argv[0]), Path(argv[1])

    def read_txt(data, rank: int = 0, world_size: int = 1):
        for f in sorted(folder.glob("*.txt"))[rank::world_size]:
            yield Document(text=f.read_text(encoding="utf-8"), id=f.name, metadata={"source": str(f)})

    DetectorFactory.seed = 0

    def language(doc: Document) -> bool:
        try:
            doc.metadata["language"] = detect(doc.text)
        except LangDetectException:
            doc.metadata["language"] = "und"
        return True

    LocalPipelineExecutor(
        pipeline=[read_txt, FTFYFormatter(), C4QualityFilter(), GopherRepetitionFilter(), GopherQualityFilter(),
                  FineWebQualityFilter(), LambdaFilter(language), ParquetWriter(str(out / "data"))],
        tasks=1, workers=1, logging_dir=str(out / "logs")).run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
