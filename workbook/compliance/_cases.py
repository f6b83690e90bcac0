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
            tier=tier_2005(caseload)["tier"].to_numpy(np.int64),
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

    @property
    def per_case(self) -> np.ndarray:
        """Forget, drug, disengage and steady coefficients stacked, to take a slot's cases at once."""
        return np.stack([self.forget, self.drug, self.disengage, self.steady])

    @classmethod
    def of(cls, p: dict, s: Scenario, c: Cases) -> Hazards:
        """The coefficients for the rates ``p``, scenario ``s`` and cases ``c``."""
        youth = 1 + p["youth_multiplier"] * c.youth
        forget = p["forget_chance"] * youth * 4 * (1 - p["mentor_forgetting_cut"] * s.compliance_mentor)
        work = p["work_conflict_chance"] * np.where(c.shift_work, 1.0, p["work_conflict_nonshift_ratio"])
        work = np.clip(work * (1 - p["flexible_rescheduling_effect"] * s.flexible_rescheduling), 0, CAP)
        illness = float(np.clip(p["illness_chance"], 0, CAP))
        misunderstand = np.clip(
            p["misunderstand_chance"] * c.literacy * (1 - p["induction_understanding"] * s.induction_quality),
            0,
            CAP,
        )
        # lack and lack² are never negative, so clipping a coefficient at 0 clips its chance at 0
        forget = np.maximum(forget, 0)
        drug = np.maximum(p["drug_chaos_chance"] * c.drug_severe * 2, 0)
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
