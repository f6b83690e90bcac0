"""pyproject.toml is the one dependency list; the conda files must mirror it."""

from __future__ import annotations

import re
import tomllib

import pytest

from workbook.paths import PROJ_ROOT

# A requirement: its name, any extras (pip only, so not compared), and its version specifier.
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*(.*?)\s*$")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((PROJ_ROOT / "pyproject.toml").read_text())["project"]
    found = {}
    for line in project["dependencies"]:
        name, spec = REQUIREMENT.match(line).groups()
        found[normalise(name)] = spec.replace(" ", "")
    return found


def conda_requirements(path) -> dict[str, str]:
    """The conda packages (not the pip section, not python or pip) in an environment file."""
    found, in_dependencies = {}, False
    for line in path.read_text().splitlines():
        if line.startswith("dependencies:"):
            in_dependencies = True
            continue
        item = re.match(r"^  - ([^:\s]+)(.*)$", line)
        if in_dependencies and item:
            name, spec = REQUIREMENT.match(item.group(1) + item.group(2)).groups()
            if normalise(name) not in ("python", "pip"):
                found[normalise(name)] = spec.replace(" ", "")
    return found


@pytest.mark.parametrize("env_file", ["environment.yml", "binder/environment.yml"])
def test_conda_environment_lists_the_same_packages_as_pyproject(env_file):
    assert conda_requirements(PROJ_ROOT / env_file) == pyproject_requirements()


def test_the_drift_check_notices_a_missing_package(tmp_path):
    text = (PROJ_ROOT / "environment.yml").read_text().replace("  - plotly>=6.0,<8\n", "")
    (tmp_path / "environment.yml").write_text(text)
    assert conda_requirements(tmp_path / "environment.yml") != pyproject_requirements()


def test_voila_is_new_enough_for_the_file_inclusion_fix():
    assert pyproject_requirements()["voila"].startswith(">=0.5.6")


def test_binder_installs_the_package():
    post_build = (PROJ_ROOT / "binder" / "postBuild").read_text()
    assert "pip install" in post_build and " -e ." in post_build
