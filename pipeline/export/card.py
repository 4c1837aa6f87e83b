"""The dataset card (README.md): YAML front matter the Hugging Face Hub and ``datasets`` read
(configs and their files, languages, size category, license), and a body generated from the
corpus's tables and manifests: nothing in it is written by hand."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

# The Hub's size_categories buckets, by document count.
_SIZES = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
          (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M"), (1_000_000_000, "100M<n<1B"))


@dataclass
class Stats:
    """What the card reports, gathered while the export reads the corpus."""
    rows: Counter = field(default_factory=Counter)           # (config, split) -> documents
    languages: dict = field(default_factory=dict)            # language -> Counter(docs, chars, words)
    content_types: Counter = field(default_factory=Counter)
    domains: Counter = field(default_factory=Counter)
    rules: dict = field(default_factory=dict)                # rule -> Counter(edits, removed, added)
    rejects: Counter = field(default_factory=Counter)        # rule -> rejected inputs or documents
    skipped_records: Counter = field(default_factory=Counter)
    input_roots: Counter = field(default_factory=Counter)    # input folder -> runs that read it
    input_kinds: Counter = field(default_factory=Counter)    # input file kind -> files in the corpus

    @property
    def documents(self) -> int:
        return sum(self.rows.values())


def size_category(n: int) -> str:
    return next((name for bound, name in _SIZES if n < bound), "n>1B")


def _q(value) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def front_matter(stats: Stats, files: dict[tuple[str, str], list[str]], license_id: str) -> str:
    lines = ["---", f"license: {_q(license_id)}"]
    langs = sorted(lang for lang in stats.languages if lang and lang != "und")
    if langs:
        lines += ["language:"] + [f"- {_q(lang)}" for lang in langs]
    lines += ["size_categories:", f"- {_q(size_category(stats.documents))}",
              "configs:"]
    for config in sorted({c for c, _s in files}):
        lines += [f"- config_name: {_q(config)}", "  data_files:"]
        for (c, split), paths in sorted(files.items()):
            if c == config and paths:
                suffix = paths[0].rsplit(".", 1)[1]
                lines += [f"  - split: {split}", f"    path: {_q(f'data/{config}/{split}-*.{suffix}')}"]
    return "\n".join(lines + ["---", ""])


def body(stats: Stats, manifest: dict, name: str, corpus: str) -> str:
    versions = manifest.get("versions", {})
    chars = sum(c["chars"] for c in stats.languages.values())
    words = sum(c["words"] for c in stats.languages.values())
    out = [f"# {name}", "",
           f"{stats.documents:,} documents ({chars:,} characters, {words:,} words) cleaned by the `pipeline` "
           f"text cleaning pipeline {manifest.get('pipeline_version', '?')} from scraped web pages. Every change "
           f"the cleaning made is recorded in the source corpus (`{corpus}`: its `edits` table), so any "
           "document's cleaning can be audited there (`pipeline diff DOC_ID`).", "",
           "## Configurations and splits", "", "| config | split | documents |", "|---|---|---:|"]
    out += [f"| {c} | {s} | {n:,} |" for (c, s), n in sorted(stats.rows.items())]
    out += ["", "## Languages", "", "| language | documents | characters | words |", "|---|---:|---:|---:|"]
    for lang, c in sorted(stats.languages.items(), key=lambda kv: (-kv[1]["docs"], kv[0])):
        out.append(f"| {lang} | {c['docs']:,} | {c['chars']:,} | {c['words']:,} |")
    out += ["", "## Where the inputs came from", ""]
    out += [f"- input folder `{root}` ({n} runs)" for root, n in sorted(stats.input_roots.items())]
    out += [f"- {n:,} input files of kind {kind}" for kind, n in sorted(stats.input_kinds.items())]
    out += [f"- {n:,} documents from {ctype} inputs" for ctype, n in sorted(stats.content_types.items())]
    if stats.skipped_records:
        out.append("- WARC records that are not documents, skipped (summed over the runs): " +
                   ", ".join(f"{k} {v:,}" for k, v in sorted(stats.skipped_records.items())))
    if stats.domains:
        out.append("- most frequent domains: " + ", ".join(f"{d} ({n:,})" for d, n in stats.domains.most_common(10)))
    out += ["", "## Cleaning rules", "", "Edits per rule over the exported documents, and the characters "
            "they removed and added.", "", "| rule | edits | characters removed | characters added |",
            "|---|---:|---:|---:|"]
    for rule, c in sorted(stats.rules.items(), key=lambda kv: (-kv[1]["removed"], kv[0])):
        out.append(f"| {rule} | {c['edits']:,} | {c['removed']:,} | {c['added']:,} |")
    out += ["", "## Rejected inputs and documents", "", "| reason | count |", "|---|---:|"]
    out += [f"| {rule} | {n:,} |" for rule, n in sorted(stats.rejects.items(), key=lambda kv: (-kv[1], kv[0]))]
    out += ["", "## Provenance", "",
            f"- config hash (sha256): `{manifest.get('config_sha256', '?')}`",
            f"- last run: `{manifest.get('run_id', '?')}`, started {manifest.get('started', '?')}",
            "- library versions: " + ", ".join(f"{k} {v}" for k, v in sorted(versions.items())), ""]
    return "\n".join(out)
