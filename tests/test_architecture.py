"""The import graph: no cycles, no imports hidden inside functions to dodge one, knowledge never
imports evaluation, the pure rules stay free of the ORM, and the layers of evaluation/ only
import downwards: pages -> services -> domain -> models -> pure rules (docs/development.md)."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("iww", "knowledge", "evaluation")
PURE = (
    "evaluation.scoring",
    "evaluation.bands",
    "evaluation.disclosure",
    "evaluation.parsing",
    "evaluation.caseload",
    "evaluation.charts",
    "evaluation.relevance",
    "evaluation.filenames",
    "evaluation.wording",
    "evaluation.identifying",
)


# The layers of evaluation/, top to bottom. A module may import its own layer and the layers
# below it, never one above. Anything in evaluation/ not listed here fails
# test_every_module_has_a_layer, so a new module must be placed.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "tools",  # data and commands that drive everything below
        ("evaluation.management", "evaluation.demo", "evaluation.synthetic"),
    ),
    (
        "pages",  # the flows: views, forms and the reads only they use
        (
            "evaluation.scan",
            "evaluation.rounds",
            "evaluation.results",
            "evaluation.meeting",
            "evaluation.reports",
            "evaluation.gemeente",
            "evaluation.landing",
            "evaluation.urls",
            "evaluation.admin",
            "evaluation.forms",
            "evaluation.downloads",
            "evaluation.templatetags",
        ),
    ),
    ("services", ("evaluation.services",)),
    (
        "domain",  # what results, lessons, reports and the national comparison are
        (
            "evaluation.aggregates",
            "evaluation.team_results",
            "evaluation.lessons",
            "evaluation.national",
            "evaluation.report",
            "evaluation.pdf",
            "evaluation.selectors",
        ),
    ),
    ("models", ("evaluation.models", "evaluation.constants", "evaluation.apps")),
    ("rules", PURE),
    ("package", ("evaluation",)),
)


def _layer(module: str) -> int | None:
    """The layer's index (0 is the top), or None for a module outside evaluation/."""
    if module.split(".")[0] != "evaluation":
        return None
    found = None
    for index, (_name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            # The longest prefix wins ("evaluation" places only what nothing else places).
            matches = module == prefix or module.startswith(prefix + ".")
            if matches and (found is None or len(prefix) > found[1]):
                found = (index, len(prefix))
    return found[0] if found else None


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _imports(name: str, path: Path) -> list[tuple[str, bool]]:
    """(imported module or name, whether at module level) for every import in a file."""
    tree = ast.parse(path.read_text())
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    top_level = {id(node) for node in tree.body}
    # AppConfig.ready() is where Django wants signal and check modules imported (the app
    # registry must be ready): that is not dodging a cycle.
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef) and function.name == "ready":
            top_level |= {id(node) for node in ast.walk(function)}
    result = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            targets = [module, *(f"{module}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            continue
        result += [(target, id(node) in top_level) for target in targets]
    return result


MODULES = _modules()
GRAPH = {
    name: {target for target, _top in _imports(name, path) if target in MODULES and target != name}
    for name, path in MODULES.items()
}


def test_there_is_no_import_cycle():
    cycles, state, stack = [], {}, []

    def visit(module):
        state[module] = "open"
        stack.append(module)
        for target in sorted(GRAPH[module]):
            if state.get(target) == "open":
                cycles.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[module] = "done"

    for module in sorted(MODULES):
        if module not in state:
            visit(module)
    assert cycles == []


def test_no_project_module_is_imported_inside_a_function():
    hidden = [
        (name, target)
        for name, path in MODULES.items()
        for target, top_level in _imports(name, path)
        if not top_level and target.split(".")[0] in PACKAGES
    ]
    assert hidden == []


def test_knowledge_never_imports_evaluation():
    assert [
        (name, target)
        for name, targets in GRAPH.items()
        if name.startswith("knowledge")
        for target in targets
        if target.startswith("evaluation")
    ] == []


@pytest.mark.parametrize("module", PURE)
def test_pure_rules_do_not_touch_the_database(module):
    imported = {target for target, _top in _imports(module, MODULES[module])}
    assert not {t for t in imported if t.startswith(("django.db", "evaluation.models"))}
    assert not {t for t in imported if t.startswith("knowledge")}


def test_every_module_has_a_layer():
    unplaced = [
        name
        for name in MODULES
        if name.startswith("evaluation")
        and (_layer(name) is None or (name != "evaluation" and _layer(name) == len(LAYERS) - 1))
    ]
    assert unplaced == []


def test_the_layers_only_import_downwards():
    """A page may use services, the domain, the models and the rules; a service never uses a
    page; the domain never uses a service or a page; the models never use the domain."""
    upwards = [
        (name, target)
        for name, targets in GRAPH.items()
        if (here := _layer(name)) is not None
        for target in targets
        if (there := _layer(target)) is not None and there < here and target != "evaluation"
    ]
    assert upwards == []


def test_the_layer_check_catches_an_upward_import():
    """The check above can fail: a service importing a page, or the domain importing a
    service, is found."""
    assert _layer("evaluation.services.rounds") > _layer("evaluation.results.views")
    assert _layer("evaluation.team_results") > _layer("evaluation.services.responses")
    assert _layer("evaluation.models.rounds") > _layer("evaluation.report")
    assert _layer("evaluation.scoring") > _layer("evaluation.models.responses")
