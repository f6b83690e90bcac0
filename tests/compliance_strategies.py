"""Hypothesis strategies for the compliance model: any setting of every lever within its declared range."""

from __future__ import annotations

from hypothesis import strategies as st

from workbook.compliance import Scenario, lever_options, load_parameters


def lever_values() -> st.SearchStrategy[dict]:
    """Every lever at a value it may take: on or off, one of its options, or a number in its range."""
    parameters = load_parameters()
    draws = {}
    for name, default in Scenario().levers().items():
        p = parameters[name]
        if isinstance(default, bool):
            draws[name] = st.booleans()
        elif isinstance(default, str):
            draws[name] = st.sampled_from(list(lever_options(name)))
        else:
            draws[name] = st.floats(p.low, p.high, allow_nan=False)
    return st.fixed_dictionaries(draws)
