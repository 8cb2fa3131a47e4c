"""The packages form layers: each imports only from the layers before it, never upwards, never in a cycle."""
from __future__ import annotations

import ast
from pathlib import Path

import kg

SRC = Path(kg.__file__).parent
#: Earlier layers never import later ones. The first holds the shared helpers.
LAYERS = [{"__init__", "errors", "files", "safe", "hosts", "resources", "i18n"}, {"model"}, {"readers"}, {"sparql"}, {"rdf"},
          {"network"}, {"views"}, {"status"}, {"app"},
          {"cli", "__main__"}]


def _layer(name: str) -> int:
    return next(i for i, names in enumerate(LAYERS) if name in names)


def _imports(path: Path) -> set[str]:
    """The top-level kg packages or modules a file imports (relative or absolute)."""
    parts = path.relative_to(SRC).with_suffix("").parts
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(parts[:-1])[:len(parts) - node.level] if node.level > 1 else list(parts[:-1])
                target = [*base, *(node.module or "").split(".")] if node.module else base
                target = [t for t in target if t]
                if target:
                    found.add(target[0])
                else:  # from .. import name: a top-level module, or something kg/__init__.py defines
                    found |= {a.name if (SRC / a.name).is_dir() or (SRC / f"{a.name}.py").is_file() else "__init__"
                              for a in node.names}
            elif node.module and node.module.split(".")[0] == "kg":
                found.add(node.module.split(".")[1] if "." in node.module else "__init__")
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("kg.")}
    return found


def test_every_module_is_in_a_layer():
    names = {p.relative_to(SRC).parts[0].removesuffix(".py") for p in SRC.glob("*") if p.suffix == ".py" or
             (p.is_dir() and (p / "__init__.py").exists())}
    assert names == set().union(*LAYERS)


def test_no_module_imports_a_later_layer():
    wrong = []
    for path in sorted(SRC.rglob("*.py")):
        own = path.relative_to(SRC).parts[0].removesuffix(".py")
        for target in _imports(path) - {own}:
            if _layer(target) > _layer(own):
                wrong.append(f"{path.relative_to(SRC)} imports {target}")
    assert not wrong, "\n".join(wrong)


#: The longest a function may be: past it, a reader cannot hold it in one view (issue 30).
MAX_FUNCTION_LINES = 80


def test_no_function_is_longer_than_a_screen():
    long = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name} has {lines} lines")
    assert not long, "\n".join(long)


def _module(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    where = SRC.parent / Path(*name.split("."))
    return where.with_suffix(".py").is_file() or (where / "__init__.py").is_file()


def _module_imports(path: Path) -> set[str]:
    """The kg modules a file imports, anywhere in it (inside functions too: a deferred import still ties the
    two modules together), each resolved to its module (``from . import evidence`` → ``kg.app.evidence``)."""
    own = _module(path)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            if target.split(".")[0] == "kg":
                found |= {f"{target}.{a.name}" if _is_module(f"{target}.{a.name}") else target for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("kg.")}
    return {name for name in found if _is_module(name)} - {own}


def test_no_import_circle_between_modules():
    """Two modules that import each other (even inside a function) are one module in two files: a circle
    such as app/pages ↔ app/report_form means the shared part belongs in a third module both import."""
    import networkx as nx

    imports = nx.DiGraph()
    for path in SRC.rglob("*.py"):
        imports.add_edges_from((_module(path), target) for target in _module_imports(path))
    circles = sorted(sorted(c) for c in nx.strongly_connected_components(imports) if len(c) > 1)
    assert circles == []
