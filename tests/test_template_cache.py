"""Compiled page templates are kept between kernels, and the cache never fails a page."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from jinja2 import Environment, PackageLoader
from jinja2.bccache import bc_magic

from workbook.web._environment import QuietBytecodeCache

COUNT_COMPILES = """
import jinja2
compiled = []
real = jinja2.Environment._compile
jinja2.Environment._compile = lambda self, source, name: compiled.append(name) or real(self, source, name)
from workbook.web import render
html = render("message.html.j2", text="Saved", error=False)
print(len(compiled), html)
"""


def compiles_in_a_fresh_kernel(tmp_path) -> tuple[int, str]:
    """Templates a fresh interpreter compiled to render one message, and the message."""
    out = subprocess.run(
        [sys.executable, "-c", COUNT_COMPILES],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )
    count, html = out.stdout.strip().split(" ", 1)
    return int(count), html


def test_a_second_kernel_reuses_the_first_ones_compiled_templates(tmp_path):
    first = compiles_in_a_fresh_kernel(tmp_path)
    second = compiles_in_a_fresh_kernel(tmp_path)
    assert first[0] == 1 and second[0] == 0
    assert first[1] == second[1] == '<p class="wb-muted" role="status">Saved</p>'


@pytest.mark.skipif(os.geteuid() != 0, reason="giving the folder to another user needs root")
def test_a_cache_folder_another_user_owns_is_not_used_and_pages_still_render(tmp_path):
    folder = tmp_path / f"_jinja2-cache-{os.getuid()}"
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, 65534)  # nobody's: Jinja refuses it, as it must
    count, html = compiles_in_a_fresh_kernel(tmp_path)
    assert (count, html) == (1, '<p class="wb-muted" role="status">Saved</p>')
    assert list(folder.iterdir()) == []


def test_a_template_the_cache_cannot_read_or_store_is_still_rendered(tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    env = Environment(
        loader=PackageLoader("workbook.web", "templates"),
        bytecode_cache=QuietBytecodeCache(str(not_a_folder)),
    )
    assert "Saved" in env.get_template("message.html.j2").render(text="Saved", error=False)


def test_a_damaged_cache_file_is_compiled_again(tmp_path):
    cache = QuietBytecodeCache(str(tmp_path))
    env = Environment(loader=PackageLoader("workbook.web", "templates"), bytecode_cache=cache)
    env.get_template("message.html.j2")
    [stored] = tmp_path.iterdir()
    stored.write_bytes(bc_magic + b"not a pickle")  # Jinja's header, then garbage where the checksum goes
    fresh = Environment(loader=PackageLoader("workbook.web", "templates"), bytecode_cache=cache)
    assert "Saved" in fresh.get_template("message.html.j2").render(text="Saved", error=False)
