"""Rewrite every golden record under tests/golden/ from its spec: `make golden`.

A case is a folder holding `spec.yaml` (or a `spec/` folder, or a `case.toml` naming
another case's spec), optionally its own `style/` and a `case.toml` naming a built-in
style or overrides, and `expected/`: exactly what generating into an empty folder
produces (or, with `store = "differences"`, only the files that differ from what the
default style produces).
"""

from __future__ import annotations

import shutil
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from generator.config import BUILTIN_TEMPLATES, style_folders  # noqa: E402
from generator.pipeline import generate  # noqa: E402
from generator.targets import PYTHON
from generator.problems import GenerationError  # noqa: E402


def cases() -> list[Path]:
    return sorted(p for p in GOLDEN.iterdir() if p.is_dir() and ((p / "expected").is_dir() or (p / "case.toml").is_file()))


def case_spec(case: Path) -> Path:
    shared = case_config(case).get("spec")
    if shared:
        return GOLDEN / shared
    return case / "spec" if (case / "spec").is_dir() else case / "spec.yaml"


def case_config(case: Path) -> dict[str, str]:
    """case.toml: `spec` (another case's spec, relative to tests/golden), `style` (a
    built-in style), `overrides` (a folder, relative to the repository) and `store`
    (`differences`: keep only the files that differ from the default style's output)."""
    path = case / "case.toml"
    return tomllib.loads(path.read_text()) if path.exists() else {}


def case_templates(case: Path) -> list[Path]:
    """A case's template folders: `style/` replaces the built-in style; overrides (from
    case.toml) go in front of whichever style applies."""
    config = case_config(case)
    if (case / "style").is_dir():
        styles = [case / "style"]
    else:
        styles = style_folders(config["style"]) if "style" in config else [BUILTIN_TEMPLATES]
    overrides = config.get("overrides")
    return ([ROOT / overrides] if overrides else []) + styles


def render_case(case: Path) -> dict[str, str]:
    """What the case's expected/ must hold."""
    files = generate(case_spec(case), case_templates(case), PYTHON)
    if case_config(case).get("store") != "differences":
        return files
    default = generate(case_spec(case), [BUILTIN_TEMPLATES], PYTHON)
    return {name: text for name, text in files.items() if default.get(name) != text and name != ".runs-codegen-manifest.json"}


def main() -> None:
    for case in cases():
        try:
            files = render_case(case)
        except GenerationError as error:
            sys.exit(f"{case.relative_to(ROOT)}:\n{error}")
        expected = case / "expected"
        shutil.rmtree(expected, ignore_errors=True)
        for name, text in files.items():
            target = expected / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="")
        print(f"{case.relative_to(ROOT)}: {len(files)} files")


if __name__ == "__main__":
    main()
