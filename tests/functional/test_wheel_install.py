"""The norm-set data ships inside the wheel: install the built wheel elsewhere and use it from outside the repo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_wheel_carries_the_data(tmp_path: Path) -> None:
    # Build from a copy: setuptools leaves a build/ folder behind in the tree it builds.
    source = tmp_path / "bron"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "tests", "bench"))
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(source)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )
    assert build.returncode == 0, build.stderr
    wheel = next(wheels.glob("toetsassistent-*.whl"))
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )
    assert install.returncode == 0, install.stderr
    outside = tmp_path / "elders"
    outside.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = subprocess.run(
        [sys.executable, "-c", "import normsets, assistant; print(normsets.__file__); print(assistant.__file__)"],
        capture_output=True, text=True, cwd=outside, env=env, timeout=60,
    )
    assert all(line.startswith(str(target)) for line in probe.stdout.split()), probe.stdout + probe.stderr
    listed = subprocess.run(
        [sys.executable, "-m", "assistant", "normensets"], capture_output=True, text=True, cwd=outside, env=env, timeout=60,
    )
    assert listed.returncode == 0, listed.stderr
    assert "sterk-sociaal-werk-2019" in listed.stdout and "49 normen" in listed.stdout
    demo = subprocess.run(
        [sys.executable, "-c", "import sys; from assistant.demo import create_demo; print(create_demo(sys.argv[1]))",
         str(outside / "demo")], capture_output=True, text=True, cwd=outside, env=env, timeout=60,
    )
    assert demo.returncode == 0, demo.stderr
    assert Path(demo.stdout.strip()).is_file(), "de demotoetsing zit in het wiel"
