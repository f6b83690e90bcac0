"""A package's public names imported from their modules on first use.

A page's kernel then loads only the modules the page asks for (the Start page loads no
plotly, pandas or models). This is the pattern of scientific Python's ``lazy_loader``
(SPEC 1), written out here because the domain packages import only numpy, pandas and the
standard library.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def attach(
    package: str, modules: dict[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """Module-level ``__getattr__``, ``__dir__`` and ``__all__`` for ``package``'s lazy names.

    Args:
        package: The package's ``__name__``.
        modules: Each public name and the submodule (relative to the package) defining it.

    Returns:
        ``(__getattr__, __dir__, __all__)``, to assign at the package's top level.

    Example:
        >>> getattr_, dir_, all_ = attach("json", {"JSONDecoder": "decoder"})
        >>> getattr_("JSONDecoder").__name__, all_
        ('JSONDecoder', ['JSONDecoder'])
    """
    names = sorted(modules)

    def get_attribute(name: str) -> Any:
        if name not in modules:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{modules[name]}"), name)
        vars(importlib.import_module(package))[name] = value  # later lookups skip this function
        return value

    def list_names() -> list[str]:
        return names

    return get_attribute, list_names, names
