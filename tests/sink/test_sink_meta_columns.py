"""Every metadata key a stage writes reaches a documents column (``description`` was once read
from the page and lost), and a real run fills the new metadata columns from a real page."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

from conftest import read_table, run_cli
from pipeline.sink.schema import DOCUMENTS
from pipeline.stages import REGISTRY, stage_class

# Keys stages use among themselves that are not the document's metadata
INTERNAL = {"id"}


def test_every_written_key_has_a_documents_column():
    columns = set(DOCUMENTS.names)
    written = {(name, key) for name in REGISTRY for key in stage_class(name).writes}
    assert len(written) >= 10  # the check below looks at real declarations
    missing = sorted((name, key) for name, key in written if key not in columns and key not in INTERNAL)
    assert not missing, f"stage metadata with no documents column (add it to sink/schema.py and rows.py): {missing}"


def test_a_column_that_goes_missing_is_caught(monkeypatch):
    from pipeline.stages.extract import Extract

    monkeypatch.setattr(Extract, "writes", Extract.writes + ("no_such_column",))
    written = {key for name in REGISTRY for key in stage_class(name).writes}
    assert "no_such_column" in written and "no_such_column" not in DOCUMENTS.names


PAGE = """<!doctype html><html lang="de-AT"><head><meta charset="utf-8">
<title>Neue Brücke über den Fluss eröffnet | Talbote</title>
<meta property="og:title" content="Neue Brücke über den Fluss eröffnet">
<meta property="og:site_name" content="Talbote">
<meta name="description" content="Nach zwei Jahren Bauzeit ist die Brücke offen.">
<meta name="author" content="Von Klara Weiss, Redakteurin">
<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-03-05T09:00:00+01:00",
 "author": [{"@type": "Organization", "name": "Talbote Verlag"}]}</script>
</head><body><div class="site">Talbote</div><article><h1>Neue Brücke über den Fluss eröffnet</h1>
<p>Nach zwei Jahren Bauzeit hat die Stadt am Dienstag die neue Brücke über den Fluss eröffnet. Hunderte
Menschen kamen zur Feier, die Blaskapelle spielte, und der Bürgermeister schnitt das Band durch.</p>
<p>Die alte Brücke war seit dem Hochwasser gesperrt gewesen. Fußgänger und Radfahrer mussten einen Umweg
von mehreren Kilometern nehmen, Autos fuhren über die Autobahnbrücke im Norden der Stadt.</p>
<p>Die Kosten lagen mit zwölf Millionen Euro im Plan. Der Verkehr soll ab Mittwoch wieder rollen.</p>
</article></body></html>"""


def test_run_writes_the_new_metadata_columns(tmp_path: Path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "page.html.gz").write_bytes(gzip.compress(PAGE.encode("utf-8")))
    (inp / "records.jsonl").write_text(json.dumps({"id": "r1", "published": "5. März 2024", "text":
        "Der Gemeinderat hat gestern beschlossen, den Marktplatz im Sommer für Autos zu sperren. "
        "Die Händler sind einverstanden, die Anwohner auch."}) + "\n" + json.dumps({
        "id": "r2", "language": "de_CH", "description": "Kurz gesagt.", "published": "2024-07",
        "text": "Kurz: der Markt bleibt zu."}) + "\n", encoding="utf-8")
    run_cli("run", "--input", str(inp), "--output", str(out), check=True)
    rows = {r["doc_id"].rsplit("/", 1)[-1]: r for r in read_table(out, "documents")}  # records.jsonl/r1
    page = rows["page"]
    assert page["title"] == "Neue Brücke über den Fluss eröffnet"
    assert page["author"] == "Klara Weiss"
    assert page["description"] == "Nach zwei Jahren Bauzeit ist die Brücke offen."
    assert page["published"].isoformat()[:10] == "2024-03-05" and page["published_precision"] == "day"
    assert page["language"] == "de" and page["language_declared"] == "de-AT"
    assert page["language_source"] in ("text", "declared")
    record = rows["r1"]
    assert record["published"].isoformat()[:10] == "2024-03-05" and record["published_precision"] == "day"
    assert record["language_declared"] is None and record["language_source"] == "text"
    # a short record: its declared language wins over a detection from five words
    short = rows["r2"]
    assert short["language_declared"] == "de_CH" and short["language"] == "de"
    assert short["language_source"] in ("text", "declared") and short["description"] == "Kurz gesagt."
    assert short["published_precision"] == "month"
    rules = {(r["field"], r["rule"]) for r in read_table(out, "meta_edits") if r["doc_id"] == "page"}
    assert ("language_declared", "extract.declared_html_lang") in rules
    assert ("author", "metadata.author_names") in rules
