"""No import cycle between veille's parts: data flows one way (DESIGN.md), so must imports.

Every module's imports are read with `ast` (nothing is imported, so the test is fast
and sees imports inside functions too: a lazy import still ties two parts together).
A part is a top-level subpackage or module of veille (`actors`, `run`, `model`…);
`surfaces` is split into its own parts (`api`, `brief`, the CLI modules), which are
peers that should not lean on each other either. A failure lists each cycle and the
import lines that make it.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import veille

ROOT = Path(veille.__file__).resolve().parent
#: Subpackages whose own subpackages and modules are separate parts.
SPLIT = frozenset({"surfaces"})

#: Edges tolerated for now, each with its reason; remove an entry when its fix lands.
KNOWN_EDGES: dict[tuple[str, str], str] = {}

Graph = dict[str, dict[str, list[str]]]


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _part(module: str) -> str | None:
    """The part a module belongs to, None for the package root `veille` itself."""
    parts = module.split(".")[1:]
    if not parts:
        return None
    if parts[0] in SPLIT and len(parts) > 1:
        sub = parts[1]
        return f"{parts[0]}.{'cli' if sub == 'cli' or sub.startswith('cli_') else sub}"
    return parts[0]


def _imported(tree: ast.AST, module: str, is_package: bool) -> Iterator[tuple[str, int]]:
    """(imported module, line) for every import in `tree`, relative ones resolved."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            yield target, node.lineno
            for alias in node.names:  # `from veille.surfaces import api`: a module itself
                if _is_module(f"{target}.{alias.name}"):
                    yield f"{target}.{alias.name}", node.lineno


def _is_module(name: str) -> bool:
    path = ROOT.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def import_graph(part: Callable[[str], str | None] = _part) -> Graph:
    """{part: {imported part: ["module:line", …]}} over every module of veille; `part`
    names the node a module belongs to (None: left out)."""
    graph: Graph = defaultdict(lambda: defaultdict(list))
    for path in sorted(ROOT.rglob("*.py")):
        module = _module_name(path)
        source = part(module)
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for target, line in _imported(tree, module, path.name == "__init__.py"):
            if target != "veille" and not target.startswith("veille."):
                continue
            dest = part(target)
            if source is not None and dest is not None and dest != source:
                graph[source][dest].append(f"{module}:{line}")
    return graph


def cycles(graph: Graph, ignore: frozenset[tuple[str, str]] = frozenset()) -> list[list[str]]:
    """One shortest cycle through each part that lies on one, as [a, b, …, a]."""
    edges = {a: {b for b in targets if (a, b) not in ignore} for a, targets in graph.items()}
    found: list[list[str]] = []
    seen: set[frozenset[str]] = set()
    for start in sorted(edges):
        path = _shortest_path_back(edges, start)
        if path and frozenset(path) not in seen:
            seen.add(frozenset(path))
            found.append(path)
    return found


def _shortest_path_back(edges: dict[str, set[str]], start: str) -> list[str] | None:
    """The shortest path start → … → start (breadth first), or None."""
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for nxt in sorted(edges.get(node, ())):
                if nxt == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [start, *reversed(path[:-1]), start]
                if nxt not in previous:
                    previous[nxt] = node
                    following.append(nxt)
        frontier = following
    return None


def _describe(cycle: list[str], graph: Graph) -> str:
    steps = []
    for a, b in zip(cycle, cycle[1:]):
        where = graph[a][b]
        steps.append(f"  {a} -> {b}: {', '.join(where[:3])}{' …' if len(where) > 3 else ''}")
    return " -> ".join(cycle) + "\n" + "\n".join(steps)


def test_no_import_cycle_between_parts() -> None:
    graph = import_graph()
    known = [f"{a} -> {b} ({why})" for (a, b), why in KNOWN_EDGES.items() if b in graph.get(a, {})]
    if known:
        print("known exceptions, still present:\n  " + "\n  ".join(known))
    found = cycles(graph, ignore=frozenset(KNOWN_EDGES))
    assert not found, "import cycles between parts of veille:\n" + "\n".join(
        _describe(c, graph) for c in found)


def test_stories_never_import_the_runner() -> None:
    assert "run" not in import_graph().get("stories", {})


def test_no_module_cycle_inside_run() -> None:
    """The runner, the worker pool, the Dask engine and watch build on each other in one
    direction (watch -> runner -> workers -> pipeline; dask_engine -> runner)."""
    def module_in_run(name: str) -> str | None:
        return name if name.startswith("veille.run.") else None

    graph = import_graph(module_in_run)
    found = cycles(graph)
    assert not found, "\n".join(_describe(c, graph) for c in found)


def test_the_cycle_finder_names_the_modules() -> None:
    graph: Graph = {"a": {"b": ["veille.a.x:3"]}, "b": {"c": ["veille.b.y:1"]},
                    "c": {"a": ["veille.c.z:9"]}}
    [cycle] = cycles(graph)
    assert cycle == ["a", "b", "c", "a"]
    assert "b -> c: veille.b.y:1" in _describe(cycle, graph)
    assert cycles(graph, ignore=frozenset({("c", "a")})) == []
