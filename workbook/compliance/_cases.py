"""The compliance model's inputs as arrays: each case's features and its chance of missing for each reason.

``Cases`` reads the features the model uses from a caseload frame (and tiers it under the
2005 model, which the contact schedules are set by); ``Hazards`` turns the rates and a
scenario's levers into each case's coefficients on engagement, once per run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbook.compliance._scenario import Scenario
from workbook.tiering import tier_2005

OUTCOMES = ("kept", "late_ok", "late_beyond", "absent_acceptable", "absent_unacceptable")
REASONS = ("forgetting", "work_conflict", "drug_use", "illness_family", "disengagement", "misunderstanding")
EVENTS = ("failure", "verbal_warning", "warning", "breach", "breach_continued", "revoked", "recall")
REQUIRED_COLUMNS = (
    "case_id",
    "order_type",
    "custodial",
    "req_drr",
    "need_drug_misuse",
    "shift_work",
    "literacy_below_l1",
    "youth_transition",
    "req_programme",
)
CAP = 0.95  # no reason makes missing more likely than this
KIND_FEATURES = ("youth", "shift_work", "drug_severe", "literacy")  # all a case's hazards depend on


@dataclass(frozen=True)
class Cases:
    """The case features the model reads, as arrays."""

    case_id: np.ndarray
    licence: np.ndarray
    drr: np.ndarray
    drug_severe: np.ndarray
    shift_work: np.ndarray
    literacy: np.ndarray
    youth: np.ndarray
    programme: np.ndarray
    tier: np.ndarray

    @classmethod
    def from_caseload(cls, caseload: pd.DataFrame) -> Cases:
        """Read the model's features from a caseload frame.

        The tier is the 2005 Offender Management Model's (``workbook.tiering.tier_2005`` with its
        default rules), which the National Standards contact schedules are set by.

        Raises:
            KeyError: If a needed column is missing.
            ValueError: If a column the tiering reads is missing or out of the schema.
        """
        missing = [c for c in REQUIRED_COLUMNS if c not in caseload.columns]
        if missing:
            raise KeyError(f"caseload lacks column(s): {', '.join(missing)}")
        return cls(
            case_id=caseload["case_id"].to_numpy(),
            licence=caseload["custodial"].to_numpy(bool) | (caseload["order_type"] == "licence").to_numpy(),
            drr=caseload["req_drr"].to_numpy(bool),
            drug_severe=(caseload["need_drug_misuse"] == "severe").to_numpy(),
            shift_work=caseload["shift_work"].to_numpy(bool),
            literacy=caseload["literacy_below_l1"].to_numpy(bool),
            youth=caseload["youth_transition"].to_numpy(bool),
            programme=caseload["req_programme"].to_numpy(bool),
            tier=tier_2005(caseload, reasons=False)["tier"].to_numpy(np.int64),
        )


@dataclass(frozen=True)
class Hazards:
    """Each case's chance of missing one appointment for each reason, as coefficients on engagement.

    With ``lack = 1 - engagement``, the chances in ``REASONS`` order are ``min(forget * lack², CAP)``,
    ``work``, ``min(drug * lack, CAP)``, ``illness``, ``min(disengage * lack², CAP)`` and
    ``misunderstand``; ``steady`` is the chance of missing for none of the three that do not
    depend on engagement. A text reminder multiplies the whole chance of missing, whatever the
    reason, by ``remind`` (the trials measured its effect on all missed appointments).
    """

    forget: np.ndarray
    work: np.ndarray
    drug: np.ndarray
    illness: float
    disengage: np.ndarray
    misunderstand: np.ndarray
    steady: np.ndarray
    capped: bool
    remind: float = 1.0

    @classmethod
    def of(cls, p: dict, s: Scenario, c: Cases) -> Hazards:
        """The coefficients for the rates ``p``, scenario ``s`` and cases ``c``.

        Example:
            >>> from workbook.caseload import generate
            >>> from workbook.compliance._parameters import rates
            >>> c = Cases.from_caseload(generate(100, seed=1))
            >>> h = Hazards.of(rates(), Scenario(), c)
            >>> table, kind = Hazards.by_kind(rates(), Scenario(), c)
            >>> bool((table.forget[kind] == h.forget).all() and (table.steady[kind] == h.steady).all())
            True
        """
        return cls._of(p, s, **{f: getattr(c, f) for f in KIND_FEATURES})

    @classmethod
    def by_kind(cls, p: dict, s: Scenario, c: Cases) -> tuple[Hazards, np.ndarray]:
        """The coefficients for each of the 16 kinds of case (``KIND_FEATURES``), and each case's kind.

        Element by element the same numbers as ``of`` gives per case; taking a slot's cases' kinds
        (one byte a case) and then their coefficients from the small table moves far less memory
        than taking each coefficient per case.
        """
        kinds = np.arange(2 ** len(KIND_FEATURES))
        table = cls._of(p, s, **{f: (kinds >> i) & 1 == 1 for i, f in enumerate(KIND_FEATURES)})
        kind = np.zeros(len(c.case_id), np.uint8)
        for i, f in enumerate(KIND_FEATURES):
            kind |= getattr(c, f).astype(np.uint8) << i
        return table, kind

    @classmethod
    def _of(
        cls, p: dict, s: Scenario, *, youth: np.ndarray, shift_work: np.ndarray, drug_severe: np.ndarray,
        literacy: np.ndarray,
    ) -> Hazards:  # fmt: skip
        youth = 1 + p["youth_multiplier"] * youth
        forget = p["forget_chance"] * youth * 4 * (1 - p["mentor_forgetting_cut"] * s.compliance_mentor)
        work = p["work_conflict_chance"] * np.where(shift_work, 1.0, p["work_conflict_nonshift_ratio"])
        work = np.clip(work * (1 - p["flexible_rescheduling_effect"] * s.flexible_rescheduling), 0, CAP)
        illness = float(np.clip(p["illness_chance"], 0, CAP))
        misunderstand = np.clip(
            p["misunderstand_chance"] * literacy * (1 - p["induction_understanding"] * s.induction_quality),
            0,
            CAP,
        )
        # lack and lack² are never negative, so clipping a coefficient at 0 clips its chance at 0
        forget = np.maximum(forget, 0)
        drug = np.maximum(p["drug_chaos_chance"] * drug_severe * 2, 0)
        disengage = np.maximum(p["disengage_chance"] * youth * 4, 0)
        return cls(
            forget=forget,
            work=work,
            drug=drug,
            illness=illness,
            disengage=disengage,
            misunderstand=misunderstand,
            steady=(1 - work) * (1 - illness) * (1 - misunderstand),
            capped=max(forget.max(initial=0), drug.max(initial=0), disengage.max(initial=0)) > CAP,
            remind=float(np.clip(1 - p["reminder_missing_cut"] * s.text_reminders, 0, 1)),
        )
