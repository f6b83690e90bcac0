"""Two framings of the same person: Risk-Need-Responsivity and the Good Lives Model.

RNR principles and the eleven primary goods are published (FACTS.md 9). The link
from OASys need sections to goods is our own mapping, for discussion, and is
labelled so wherever it is shown.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

import pandas as pd

from workbook.caseload._needs import CRIMINOGENIC
from workbook.caseload.schema import NEED_NAMES, NEEDS
from workbook.paths import DATA_DIR

_DATA = tomllib.loads((DATA_DIR / "risk" / "good_lives.toml").read_text(encoding="utf-8"))
GOODS = {g["id"]: g["name"] for g in _DATA["good"]}
NEED_TO_GOODS = {need: tuple(_DATA["mapping"][need]) for need in NEEDS}
MAPPING_STATUS = _DATA["mapping"]["status"]
MAPPING_SOURCE = _DATA["mapping"]["source"]
RNR_PRINCIPLES = {k: _DATA["rnr"][k] for k in ("risk", "need", "responsivity")}
RNR_SOURCE = _DATA["rnr"]["source"]


@dataclass(frozen=True)
class Framing:
    """One person read two ways.

    Attributes:
        risk: RNR's risk reading: the likelihood and what intensity it calls for.
        needs: RNR's needs to target, most severe first (names).
        responsivity: Things that change how to deliver supervision.
        goods_obstructed: Good Lives: goods the person's needs stand in the way of.
        goods_open: Good Lives: goods no recorded need obstructs (strengths to build on).
    """

    risk: str
    needs: tuple[str, ...]
    responsivity: tuple[str, ...]
    goods_obstructed: tuple[str, ...]
    goods_open: tuple[str, ...]


def frame_person(case: pd.Series) -> Framing:
    """Read one case (a caseload row) in RNR and Good Lives terms.

    Example:
        >>> from workbook.caseload import generate
        >>> framing = frame_person(generate(100, seed=1).iloc[0])
        >>> set(framing.goods_obstructed).isdisjoint(framing.goods_open)
        True
    """
    ogrs = float(case["ogrs"])
    intensity = "high" if ogrs >= 75 else "moderate" if ogrs >= 50 else "low"
    risk = f"OGRS {ogrs:.0f}% ({case['ogrs_band']}): the risk principle calls for {intensity}-intensity work."
    order = {"severe": 0, "standard": 1}
    present = [n for n in NEEDS if case[f"need_{n}"] != "none"]
    needs = tuple(
        f"{NEED_NAMES[n]} ({case[f'need_{n}']})"
        for n in sorted((n for n in present if n in CRIMINOGENIC), key=lambda n: order[case[f"need_{n}"]])
    )
    responsivity = tuple(
        text
        for flag, text in (
            ("literacy_below_l1", "reads below Level 1: keep written material short and plain"),
            ("youth_transition", "aged 18 to 20: moving from youth to adult services"),
            ("shift_work", "works shifts: flexible appointment times"),
            ("flag_mental_health", "mental health concerns"),
            ("rural", "lives rurally: travel to appointments"),
        )
        if bool(case[flag])
    )
    obstructed = dict.fromkeys(g for n in present for g in NEED_TO_GOODS[n])
    return Framing(
        risk=risk,
        needs=needs,
        responsivity=responsivity,
        goods_obstructed=tuple(GOODS[g] for g in obstructed),
        goods_open=tuple(name for g, name in GOODS.items() if g not in obstructed),
    )
