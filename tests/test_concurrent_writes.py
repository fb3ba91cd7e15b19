"""Writers of one output folder take turns and leave nothing behind, also when they are
interrupted or killed (issue 10, section 7)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import ROOT, codegen

from generator.output import write as write_module
from generator.output.ownership import MANIFEST
from generator.output.write import write

BASIC = ROOT / "tests" / "golden" / "basic" / "spec.yaml"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def overrides(tmp_path: Path) -> Path:
    """Overrides that add one file, so that runs with and without them rewrite the folder."""
    folder = tmp_path / "overrides"
    folder.mkdir(exist_ok=True)
    (folder / "NOTICE.txt.jinja").write_text("{{ api.models | length }} models\n")
    return folder


def test_concurrent_generate_runs_take_turns(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    out = work / "out"
    extra = overrides(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = []
    for i in range(12):
        args = ["generate", "--spec", str(BASIC), "--out", str(out)] + (["--templates", str(extra)] if i % 2 else [])
        runs.append(subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for run in runs:
        stdout, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr
        assert "Traceback" not in stderr
        assert stdout.startswith(("wrote ", "unchanged: "))
    assert [p.name for p in work.iterdir()] == ["out"]  # no staging or retired folder left
    checks = [codegen("check", "--spec", str(BASIC), "--out", str(out), *more) for more in ([], ["--templates", str(extra)])]
    assert sorted(c.returncode for c in checks) == [0, 1]  # exactly one of the two outputs, whole


def test_concurrent_writes_from_threads_take_turns(tmp_path: Path) -> None:
    out = tmp_path / "out"
    maps = [{"a.py": "a = 1\n", "pkg/b.py": "b = 1\n"}, {"a.py": "a = 2\n", "c.txt": "c\n"}]
    errors: list[BaseException] = []

    def writer(index: int) -> None:
        try:
            for round in range(5):
                write(maps[(index + round) % 2], out)
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    final = {name: text for name, text in tree(out).items() if name != MANIFEST}
    assert final in [{name: text.encode() for name, text in m.items()} for m in maps]


def test_an_interrupted_write_puts_the_previous_output_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    write({"a.py": "a = 1\n"}, out)
    before = tree(out)
    real_replace = os.replace

    def interrupted(source: object, target: object) -> None:
        real_replace(source, target)  # type: ignore[arg-type]
        if Path(str(target)).parent.name.startswith(".out.old-"):  # the old tree just moved aside
            raise KeyboardInterrupt

    monkeypatch.setattr(write_module.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write({"a.py": "a = 2\n"}, out)
    assert tree(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


KILLED_RUN = """
import os, signal, sys, time
from generator.output import write
real_fill = write._fill
def fill(staging, files):
    real_fill(staging, files)
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(30)  # the handler interrupts this
write._fill = fill
from generator.cli import main
main(sys.argv[1:])
"""


def test_sigterm_during_generate_leaves_nothing_behind(tmp_path: Path) -> None:
    work = tmp_path / "work"
    out = work / "out"
    assert codegen("generate", "--spec", str(BASIC), "--templates", str(overrides(tmp_path)), "--out", str(out)).returncode == 0
    before = tree(out)
    result = subprocess.run(
        [sys.executable, "-c", KILLED_RUN, "generate", "--spec", str(BASIC), "--out", str(out)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 128 + signal.SIGTERM, result.stderr
    assert "Traceback" not in result.stderr
    assert tree(out) == before
    assert [p.name for p in work.iterdir()] == ["out"]


def test_what_a_killed_run_left_is_cleared_by_the_next(tmp_path: Path) -> None:
    """SIGKILL cannot be caught: the next writer, holding the lock, finds the leftovers,
    puts a retired output back if its replacement never arrived, and removes the rest."""
    out = tmp_path / "out"
    write({"a.py": "a = 1\n"}, out)
    staging = tmp_path / ".out.new-0123456789ab"
    (staging / "pkg").mkdir(parents=True)
    (staging / MANIFEST).write_text("{}")
    retired = tmp_path / ".out.old-0123456789ab"
    retired.mkdir()
    out.rename(retired / "out")
    mine = tmp_path / ".out.new-mine"  # not our shape: left alone
    mine.mkdir()
    assert write({"a.py": "a = 1\n"}, out) is False  # the put-back output was already right
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.new-mine", "out"]
