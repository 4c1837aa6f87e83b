"""The package's layers, read from the source: no import circle between modules, and no module
imports a higher layer (stages never import engines, sink, the CLI or the driver; engines never
import the driver; sources never import stages). Function-level (lazy) imports count too."""
from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "pipeline"

# package -> packages and modules it must never import, however lazily
FORBIDDEN = {
    "pipeline.stages": ("pipeline.engines", "pipeline.sink", "pipeline.cli", "pipeline.commands", "pipeline.driver",
                        "pipeline.corpus", "pipeline.audit", "pipeline.report", "pipeline.process"),
    "pipeline.engines": ("pipeline.driver", "pipeline.sink", "pipeline.cli", "pipeline.commands"),
    "pipeline.sources": ("pipeline.stages", "pipeline.engines", "pipeline.driver", "pipeline.sink"),
    "pipeline.sink": ("pipeline.stages", "pipeline.engines", "pipeline.driver", "pipeline.commands", "pipeline.cli"),
    "pipeline.corpus": ("pipeline.engines", "pipeline.driver", "pipeline.commands", "pipeline.cli"),
    "pipeline.driver": ("pipeline.commands", "pipeline.cli"),
    "pipeline.audit": ("pipeline.engines", "pipeline.driver", "pipeline.commands", "pipeline.cli"),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PKG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The pipeline modules ``path`` imports (relative imports resolved; ``from X import y`` counts
    X.y when that is a module of the package, else X)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("pipeline")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("pipeline"):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                out.add(sub if sub in MODULES else target)
    return out - {name}


MODULES = {module_name(p) for p in PKG.rglob("*.py")}
GRAPH = {module_name(p): imports(p) for p in PKG.rglob("*.py")}


def test_the_graph_is_read():
    assert len(GRAPH) > 60
    assert "pipeline.process" in GRAPH["pipeline.driver.work"]
    assert "pipeline.stages.extract.dom_clean" in GRAPH["pipeline.stages.extract"]


def test_no_module_imports_a_higher_layer():
    wrong = [f"{mod} imports {dep}" for mod, deps in sorted(GRAPH.items()) for dep in sorted(deps)
             for low, banned in FORBIDDEN.items() if (mod == low or mod.startswith(low + "."))
             and any(dep == b or dep.startswith(b + ".") for b in banned)]
    assert wrong == []


def test_no_import_circle():
    """Tarjan's strongly connected components over the module graph: each must be one module.
    A package's __init__ that re-exports its own submodules is not a circle unless a submodule
    imports the package back."""
    index, low, stack, on, circles = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in GRAPH.get(v, ()):
            if w not in GRAPH:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                circles.append(sorted(comp))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    assert circles == []
