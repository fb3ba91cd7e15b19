"""`generate --out` replaces only what runs-codegen wrote; `check` trusts only the bytes it
reads (issue 10, sections 2, 3 and 7). Each test runs the CLI as a user does."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, codegen

BASIC = ROOT / "tests" / "golden" / "basic" / "spec.yaml"
MANIFEST = ".runs-codegen-manifest.json"


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry under `folder` (symlinks as their target text, not followed)."""
    found: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = ("link", os.readlink(path))
        elif path.is_file():
            found[name] = path.read_bytes()
        else:
            found[name] = "folder"
    return found


def generate(out: Path, *extra: str, cwd: Path = ROOT) -> tuple[int, str, str]:
    result = codegen("generate", "--spec", str(BASIC), "--out", str(out), *extra, cwd=cwd)
    return result.returncode, result.stdout, result.stderr


def refused(result: tuple[int, str, str], *phrases: str) -> None:
    code, _, stderr = result
    assert code == 1, stderr
    assert "Traceback" not in stderr
    assert "Nothing was written." in stderr
    for phrase in phrases:
        assert phrase in stderr


# --- section 2: generate --out deletes what it is pointed at ---------------------------


def test_a_folder_of_the_users_files_is_refused_and_kept(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    (out / "src").mkdir(parents=True)
    (out / "notes.txt").write_text("my notes\n")
    (out / "src" / "app.py").write_text("print('mine')\n")
    before = snapshot(out)
    refused(generate(out), "holds files runs-codegen did not write (notes.txt, src/)", "Give a new or empty folder.")
    assert snapshot(out) == before


def test_a_regular_file_is_refused_and_kept(tmp_path: Path) -> None:
    out = tmp_path / "afile"
    out.write_text("keep me\n")
    refused(generate(out), "is a file, not a folder")
    assert out.read_text() == "keep me\n"


def test_the_repositorys_docs_folder_is_refused(tmp_path: Path) -> None:
    """`--out docs` in a checkout (a copy here, in case the protection ever fails)."""
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT / "docs", checkout / "docs")
    shutil.copytree(ROOT / "spec", checkout / "spec")
    shutil.copy(ROOT / "pyproject.toml", checkout)
    before = snapshot(checkout / "docs")
    result = codegen("generate", "--api", "runs", "--out", "docs", cwd=checkout)
    refused((result.returncode, result.stdout, result.stderr), "--out docs holds files runs-codegen did not write (", "performance.md")
    assert snapshot(checkout / "docs") == before


def test_an_empty_folder_and_a_new_path_are_written(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert generate(tmp_path / "empty")[0] == 0
    assert generate(tmp_path / "new" / "deeper")[0] == 0
    assert (tmp_path / "empty" / MANIFEST).is_file() and (tmp_path / "new" / "deeper" / MANIFEST).is_file()


def test_a_generated_folder_with_an_added_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert generate(out)[0] == 0
    (out / "petstore" / "mine.py").write_text("x = 1\n")
    before = snapshot(out)
    refused(generate(out), "holds files runs-codegen did not write: petstore/mine.py;")
    assert snapshot(out) == before


def test_a_damaged_manifest_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert generate(out)[0] == 0
    (out / MANIFEST).write_text("{not json")
    before = snapshot(out)
    refused(generate(out), f"its {MANIFEST} is damaged")
    assert snapshot(out) == before


def test_an_output_of_the_previous_manifest_format_is_taken_over(tmp_path: Path) -> None:
    """runs-codegen 0.1's manifest listed only Python files: what the spec produces counts too."""
    out = tmp_path / "out"
    assert generate(out)[0] == 0
    python = [name for name in json.loads((out / MANIFEST).read_text())["files"] if name.endswith(".py")]
    (out / MANIFEST).write_text(json.dumps({"formatter": "black", "files": {name: [] for name in python}, "rendered": {}}))
    assert generate(out)[0] == 0
    assert codegen("check", "--spec", str(BASIC), "--out", str(out)).returncode == 0


def test_tool_caches_are_kept_across_a_rewrite(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert generate(out)[0] == 0
    (out / "petstore" / "__pycache__").mkdir()
    (out / "petstore" / "__pycache__" / "models.cpython-311.pyc").write_bytes(b"cache")
    (out / ".mypy_cache").mkdir()
    (out / ".mypy_cache" / "state.json").write_text("{}")
    models = out / "petstore" / "models.py"
    models.write_text("edited\n")
    code, stdout, stderr = generate(out)
    assert code == 0 and stdout.startswith("wrote "), stderr
    assert models.read_text() != "edited\n"
    assert (out / "petstore" / "__pycache__" / "models.cpython-311.pyc").read_bytes() == b"cache"
    assert (out / ".mypy_cache" / "state.json").read_text() == "{}"


# --- section 3: check believes the manifest -----------------------------------------------


def test_an_edit_is_found_whatever_the_manifest_says(tmp_path: Path) -> None:
    """The manifest holds no digests to forge: check and generate compare bytes."""
    out = tmp_path / "out"
    assert generate(out)[0] == 0
    manifest = (out / MANIFEST).read_bytes()
    models = out / "petstore" / "models.py"
    original = models.read_text()
    models.write_text(original.replace("The identifier.", "Edited by hand."))
    assert (out / MANIFEST).read_bytes() == manifest
    result = codegen("check", "--spec", str(BASIC), "--out", str(out))
    assert result.returncode == 1
    assert '-    """Edited by hand."""' in result.stdout
    assert "1 changed, 0 missing" in result.stderr
    assert generate(out)[0] == 0
    assert models.read_text() == original


def test_an_edited_manifest_is_drift_too(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert generate(out)[0] == 0
    (out / MANIFEST).write_text((out / MANIFEST).read_text().replace('"openapi.yaml"', '"openapi.yaml", "extra.txt"'))
    result = codegen("check", "--spec", str(BASIC), "--out", str(out))
    assert result.returncode == 1
    assert f"{out.name}/{MANIFEST} (on disk)" in result.stdout


def test_output_does_not_depend_on_the_cache(tmp_path: Path) -> None:
    """Cold, warm and with every cache entry damaged, the bytes are the same."""
    cache = tmp_path / "cache"
    env = {"XDG_CACHE_HOME": str(cache)}
    for name in ("cold", "warm"):
        assert codegen("generate", "--spec", str(BASIC), "--out", str(tmp_path / name), env=env).returncode == 0
    entries = [entry for entry in (cache / "runs-codegen" / "black").rglob("*") if entry.is_file()]
    assert entries
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:-2] + b"#\n")  # its seal no longer matches
    assert codegen("generate", "--spec", str(BASIC), "--out", str(tmp_path / "damaged"), env=env).returncode == 0
    expected = snapshot(ROOT / "tests" / "golden" / "basic" / "expected")
    for name in ("cold", "warm", "damaged"):
        assert snapshot(tmp_path / name) == expected, name
    empty = {"XDG_CACHE_HOME": str(tmp_path / "empty")}
    assert codegen("check", "--spec", str(BASIC), "--out", str(tmp_path / "warm"), env=empty).returncode == 0


# --- section 7: tracebacks where a message belongs, symlinks ------------------------------


def test_an_out_below_a_file_is_a_message(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x\n")
    refused(generate(tmp_path / "afile" / "sub"), f"--out {tmp_path / 'afile' / 'sub'}: {tmp_path / 'afile'} is a file, not a folder")
    assert (tmp_path / "afile").read_text() == "x\n"


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_an_out_in_proc_is_a_message() -> None:
    refused(generate(Path("/proc/self/x")), "--out /proc/self/x: cannot create a folder in /proc/")


def test_a_symlinked_out_is_refused_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "target"
    assert generate(target)[0] == 0  # even a folder runs-codegen wrote
    link = tmp_path / "link"
    link.symlink_to(target)
    before = snapshot(tmp_path)
    refused(generate(link), "--out", "link is a symlink; runs-codegen replaces only a real folder it wrote")
    assert snapshot(tmp_path) == before
    result = codegen("check", "--spec", str(BASIC), "--out", str(link))
    assert result.returncode == 1 and "is a symlink" in result.stderr and "Traceback" not in result.stderr


def test_check_reports_symlinks_inside_the_output_without_following_them(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET CONTENT\n")
    out = tmp_path / "out"
    assert generate(out)[0] == 0
    models = out / "petstore" / "models.py"
    models.unlink()
    models.symlink_to(secret)
    (out / "petstore" / "extra").symlink_to(tmp_path)
    result = codegen("check", "--spec", str(BASIC), "--out", str(out))
    assert result.returncode == 1
    assert "out/petstore/models.py is a symlink; runs-codegen writes only regular files" in result.stdout
    assert "out/petstore/extra is a symlink; runs-codegen writes only regular files" in result.stdout
    assert "2 not regular files" in result.stderr
    for text in (result.stdout, result.stderr):
        assert "TOP SECRET" not in text and str(secret) not in text and "secret.txt" not in text
    before = snapshot(out)
    refused(generate(out), "petstore/extra (a symlink)", "petstore/models.py (a symlink)")
    assert snapshot(out) == before and secret.read_text() == "TOP SECRET CONTENT\n"


def test_check_does_not_hang_on_a_fifo(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert generate(out)[0] == 0
    (out / "openapi.yaml").unlink()
    os.mkfifo(out / "openapi.yaml")
    result = codegen("check", "--spec", str(BASIC), "--out", str(out))
    assert result.returncode == 1
    assert "out/openapi.yaml is a FIFO; runs-codegen writes only regular files" in result.stdout


def test_a_template_cannot_render_the_manifest(tmp_path: Path) -> None:
    style = tmp_path / "style"
    style.mkdir()
    (style / "style.toml").write_text(f'[[each]]\ntemplate = "m.jinja"\nfor = "operation"\npath = "{MANIFEST}"\n')
    (style / "m.jinja").write_text('{"files": ["anything"]}\n')
    result = codegen("generate", "--spec", str(BASIC), "--style", str(style), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert MANIFEST in result.stderr
    assert not (tmp_path / "out").exists()
