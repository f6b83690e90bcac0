"""Generate a synthetic caseload: seeded, vectorised, calibrated to stated targets.

Two latent scores drive each case: a reoffending-likelihood score, which raises
OGRS and every criminogenic need, and a harm score, correlated with it only
partly (``harm_likelihood_correlation``), from which RoSH, RSR and MAPPA follow.
So a group at low risk of harm with many needs exists, as the seminar worried.
Every share and link is a parameter with its source in
``data/caseload/parameters.toml``. Nothing here describes a real person.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbook.caseload._parameters import load_parameters, with_overrides
from workbook.caseload.schema import (
    BANDS,
    COLUMN_NAMES,
    COMPLEXITY_FLAGS,
    NEEDS,
    REQUIREMENTS,
    ROSH_LEVELS,
    SEVERITIES,
    WOMEN_FACTORS,
    coerce_dtypes,
)

MIN_CASES, MAX_CASES = 100, 250_000
STREAMS = ("people", "latent", "needs", "harm", "flags", "orders", "life")


def _logit(p):
    return np.log(p / (1 - p))


def _expit(x):
    return 1 / (1 + np.exp(-x))


def _mean_matched_intercept(prevalence: float, slope: float) -> float:
    """Intercept a so that E[expit(a + slope * Z)] is about ``prevalence`` for Z ~ N(0, 1).

    Uses the probit approximation of the logistic-normal mean.
    """
    return float(_logit(prevalence) * np.sqrt(1 + np.pi * slope**2 / 8))


def _choose(rng: np.random.Generator, shares: dict[str, float], n: int) -> np.ndarray:
    labels = list(shares)
    p = np.array([shares[k] for k in labels], dtype=float)
    return np.array(labels, dtype=object)[rng.choice(len(labels), size=n, p=p / p.sum())]


def generate(n: int, *, seed: int | None = None, params: dict | None = None) -> pd.DataFrame:
    """Generate a synthetic caseload.

    Args:
        n: Number of cases, 100 to 250,000.
        seed: Seed for the random streams; the same seed gives the same caseload.
        params: Overrides of the default parameters, by id (see
            ``workbook.caseload.load_parameters()``).

    Returns:
        One row per case with exactly the columns of ``workbook.caseload.schema.CASELOAD``.

    Raises:
        ValueError: If ``n`` is outside 100 to 250,000.
        KeyError: If ``params`` names an unknown parameter.

    Example:
        >>> frame = generate(200, seed=1)
        >>> frame.shape[0], frame["case_id"].iloc[0]
        (200, 'SYN-000001')
    """
    if not MIN_CASES <= n <= MAX_CASES:
        raise ValueError(f"caseload size must be {MIN_CASES:,} to {MAX_CASES:,} cases, not {n:,}")
    p = {k: v.value for k, v in with_overrides(load_parameters(), params).items()}
    rngs = dict(
        zip(
            STREAMS,
            (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(len(STREAMS))),
            strict=True,
        )
    )
    frame = {"case_id": np.char.add("SYN-", np.char.zfill(np.arange(1, n + 1).astype(str), 6))}
    frame |= _people(rngs["people"], p, n)
    likelihood = rngs["latent"].standard_normal(n)
    rho = p["harm_likelihood_correlation"]
    harm = rho * likelihood + np.sqrt(1 - rho**2) * rngs["latent"].standard_normal(n)
    frame |= _likelihood(p, likelihood, frame["age"], frame["gender"])
    frame |= _needs(rngs["needs"], p, likelihood)
    frame |= _harm(rngs["harm"], p, harm, likelihood, frame["ogrs"])
    frame |= _flags(rngs["flags"], p, frame, n)
    frame |= _orders(rngs["orders"], p, frame, n)
    frame |= _life(rngs["life"], p, frame, n)
    for factor in ("parenting", "impulsivity"):  # OASys answers: a woman with no assessment has none
        frame[f"wf_{factor}"] = frame[f"wf_{factor}"] & frame["oasys_assessed"]
    return coerce_dtypes(pd.DataFrame(frame)[list(COLUMN_NAMES)])


def _people(rng, p, n) -> dict:
    gender = np.where(rng.random(n) < p["female_share"], "female", "male")
    bands = _choose(rng, p["age_bands"], n)
    low = np.array([int(b.split("-")[0]) for b in bands])
    high = np.array([int(b.split("-")[1]) for b in bands])
    age = rng.integers(low, high + 1)
    return {"age": age, "gender": gender, "area": _choose(rng, p["areas"], n)}


def _likelihood(p, likelihood, age, gender) -> dict:
    spread = p["ogrs_spread"]
    base = _mean_matched_intercept(p["ogrs_mean"] / 100, spread)
    logit = base + spread * likelihood - 0.025 * (age - 32) - 0.3 * (gender == "female")
    ogrs = np.round(100 * _expit(logit), 1)
    cuts = p["ogrs_bands"]
    band = np.array(BANDS, dtype=object)[
        np.searchsorted([cuts["medium"], cuts["high"], cuts["very high"]], ogrs, side="right")
    ]
    return {"ogrs": ogrs, "ogrs_band": band}


def _needs(rng, p, likelihood) -> dict:
    slope = p["need_likelihood_link"]
    severe = _mean_matched_intercept(p["severe_share"], 0.6)
    found = {}
    for need in NEEDS:
        has = rng.random(likelihood.size) < _expit(
            _mean_matched_intercept(p["need_prevalence"][need], slope) + slope * likelihood
        )
        is_severe = rng.random(likelihood.size) < _expit(severe + 0.6 * likelihood)
        found[f"need_{need}"] = np.array(SEVERITIES, dtype=object)[has * (1 + is_severe)]
    return found


def _harm(rng, p, harm, likelihood, ogrs) -> dict:
    n = harm.size
    shares = np.array([p["rosh_shares"][level] for level in ROSH_LEVELS])
    cuts = np.quantile(harm, np.cumsum(shares / shares.sum())[:-1])
    rosh = np.array(ROSH_LEVELS, dtype=object)[np.searchsorted(cuts, harm)]
    rsr = np.round(
        np.clip(
            p["rsr_median"] * np.exp(0.8 * harm + 0.2 * likelihood + 0.3 * rng.standard_normal(n)), 0.01, 60
        ),
        2,
    )
    csrp = np.round(np.clip(rsr * np.exp(0.15 * rng.standard_normal(n)), 0.01, 60), 2)
    arp = np.round(np.clip(ogrs + 6 * rng.standard_normal(n), 1, 99), 1)
    sexual = rng.random(n) < p["sexual_offence_share"] * np.exp(0.5 * harm) / np.exp(0.125)
    dcsrp = np.where(
        sexual,
        np.array(BANDS, dtype=object)[np.searchsorted(np.quantile(harm, [0.5, 0.8, 0.95]), harm)],
        "none",
    )
    chance = p["mappa_chance"]
    mappa_p = np.select(
        [sexual, rosh == "very high", rosh == "high"],
        [chance["sexual"], chance["very high"], chance["high"]],
        chance["other"],
    )
    is_mappa = rng.random(n) < mappa_p
    levels = _choose(rng, p["mappa_levels"], n).astype(int)
    levels = np.where(rosh == "very high", np.maximum(levels, 2), levels)
    return {
        "rosh": rosh, "rsr": rsr, "arp": arp, "csrp": csrp, "dcsrp_band": dcsrp,
        "mappa_level": np.where(is_mappa, levels, 0), "sexual_offence": sexual,
    }  # fmt: skip


def _flags(rng, p, frame, n) -> dict:
    found = {}
    for flag in COMPLEXITY_FLAGS:
        chance = np.full(n, p["complexity_flags"][flag])
        if flag in ("mental_health", "self_harm"):
            chance = chance * np.where(frame["need_emotional"] != "none", 1.6, 0.6)
        found[f"flag_{flag}"] = rng.random(n) < np.clip(chance, 0, 1)
    female = frame["gender"] == "female"
    for factor in WOMEN_FACTORS:
        found[f"wf_{factor}"] = female & (rng.random(n) < p["women_factors"][factor])
    found["domestic_abuse"] = rng.random(n) < p["other_flags"]["domestic_abuse"]
    found["stalking"] = rng.random(n) < p["other_flags"]["stalking"]
    top = frame["ogrs"] >= np.quantile(frame["ogrs"], 1 - p["ppo_share"] * 1.5)
    found["ppo"] = top & (rng.random(n) < 1 / 1.5)
    found["iom"] = found["ppo"] | (
        (frame["ogrs"] >= 75)
        & (rng.random(n) < p["iom_extra_share"] / max(1e-9, np.mean(frame["ogrs"] >= 75)))
    )
    return found


def _orders(rng, p, frame, n) -> dict:
    order = _choose(rng, p["order_types"], n)
    court = order != "licence"
    found = {"order_type": order, "custodial": ~court}
    for requirement in REQUIREMENTS:
        chance = np.full(n, p["requirements"][requirement])
        if requirement == "drr":
            chance = np.where(
                frame["need_drug_misuse"] == "severe",
                0.35,
                np.where(frame["need_drug_misuse"] == "standard", 0.08, 0.01),
            )
        found[f"req_{requirement}"] = court & (rng.random(n) < chance)
    none_yet = court & ~np.any([found[f"req_{r}"] for r in REQUIREMENTS], axis=0)
    found["req_supervision"] = found["req_supervision"] | none_yet | ~court
    return found


def _life(rng, p, frame, n) -> dict:
    ete = frame["need_ete"] != "none"
    literacy = p["literacy_below_l1"]
    return {
        "oasys_assessed": rng.random(n) < p["oasys_assessed"],
        "youth_transition": frame["age"] <= 20,
        "shift_work": rng.random(n) < p["shift_work"] * np.where(ete, 0.5, 1.5),
        "literacy_below_l1": rng.random(n) < np.clip(literacy * np.where(ete, 1.4, 0.6), 0, 1),
        "rural": rng.random(n) < p["rural_share"],
    }
