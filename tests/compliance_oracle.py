"""A plain per-case, per-appointment implementation of the compliance model, for tests only.

It reads the same parameters and schedule as ``workbook.compliance.simulate`` but
writes every rule out with scalars and draws its own random numbers, so agreement
between the two is statistical, not draw-for-draw.
"""

from __future__ import annotations

import math
import random

import pandas as pd

from workbook.compliance import Scenario, appointments_per_week, rates, summarise
from workbook.tiering import tier_2005

REASONS = ("forgetting", "work_conflict", "drug_use", "illness_family", "disengagement", "misunderstanding")


def _reason_chances(p, s, case, e):
    youth = 1 + p["youth_multiplier"] * case["youth"]
    lack = 1 - e
    chances = [
        p["forget_chance"] * youth * (2 * lack) ** 2
        * (1 - p["mentor_forgetting_cut"] * s.compliance_mentor),
        p["work_conflict_chance"] * (1.0 if case["shift"] else p["work_conflict_nonshift_ratio"])
        * (1 - p["flexible_rescheduling_effect"] * s.flexible_rescheduling),
        p["drug_chaos_chance"] * case["drug"] * 2 * lack,
        p["illness_chance"],
        p["disengage_chance"] * youth * (2 * lack) ** 2,
        p["misunderstand_chance"] * case["literacy"]
        * (1 - p["induction_understanding"] * s.induction_quality),
    ]  # fmt: skip
    return [min(max(c, 0.0), 0.95) for c in chances]


def simulate_oracle(
    caseload: pd.DataFrame, scenario: Scenario | None = None, *, seed=0, weeks=52, params=None
):
    """Simulate case by case; returns (per-case frame, summary frame, event list)."""
    s = scenario or Scenario()
    p = rates(params)
    r = random.Random(seed)
    window = p["warning_window_weeks"]
    shift_start = p["continuity_gain"] * s.induction_continuity + p["induction_gain"] * (
        s.induction_quality - 0.5
    )
    shift_level = shift_start + p["mentor_gain"] * s.compliance_mentor
    k = int(p["officers"])
    base_logit = math.log(s.officer_discretion / (1 - s.officer_discretion))
    accept = [1 / (1 + math.exp(-(base_logit + p["officer_spread"] * r.gauss(0, 1)))) for _ in range(k)]
    schedules = {
        t: appointments_per_week(s.schedule, weeks, s.contact_intensity, tier=t) for t in (1, 2, 3, 4)
    }
    tiers = tier_2005(caseload)["tier"].tolist()
    tol = s.lateness_tolerance_minutes
    cohort_every, holding = p["programme_cohort_every_weeks"], p["programme_wait_contact_weeks"]
    rows, events = [], []
    for case, tier in zip(caseload.to_dict("records"), tiers, strict=True):
        cid = case["case_id"]
        schedule = schedules[tier]
        c = {
            "youth": bool(case["youth_transition"]),
            "shift": bool(case["shift_work"]),
            "drug": case["need_drug_misuse"] == "severe",
            "literacy": bool(case["literacy_below_l1"]),
        }
        licence = bool(case["custodial"]) or case["order_type"] == "licence"
        m, conc = p["engagement_mean"], p["engagement_concentration"]
        disposition = r.betavariate(m * conc, (1 - m) * conc)
        e = min(max(disposition + shift_start, 0.0), 1.0)
        level = min(max(disposition + shift_level, 0.0), 1.0)
        officer_accept = accept[r.randrange(k)]
        waits = s.programme_starts == "cohort" and bool(case["req_programme"])
        wait = r.randrange(cohort_every) if waits else 0
        wait_until = 1 + wait  # waiting runs from week 1, after induction
        counts = dict.fromkeys(
            ("kept", "late_ok", "late_beyond", "absent_acceptable", "absent_unacceptable"), 0
        )
        failures, warnings, breaches, recalls, verbals = [], [], 0, 0, 0
        active, pending, revoked, resolve_at = True, False, False, None
        last_warning = None
        intensify_until = -1
        for week in range(weeks):
            if not active:
                break
            if pending and week == resolve_at:
                chance = p["revocation_chance"] * (1 - p["drr_breach_reluctance"] * bool(case["req_drr"]))
                pending = False
                if r.random() < chance:
                    revoked, active = True, False
                    events.append((cid, week, "revoked"))
                    break
                events.append((cid, week, "breach_continued"))
                intensify_until = week + p["breach_added_weeks"]
            waiting = 1 <= week < wait_until
            n_appts = int((week - 1) % holding == 0) if waiting else schedule[week]
            if week < intensify_until:
                n_appts = max(n_appts, 1)
            for _ in range(n_appts):
                if not active:
                    break
                chances = _reason_chances(p, s, c, e)
                stay = 1.0
                for ch in chances:
                    stay *= 1 - ch
                unfair = False
                # a text reminder cuts the whole chance of missing, whatever the reason would have been
                remind = 1 - p["reminder_missing_cut"] * s.text_reminders
                if r.random() < (1 - stay) * remind:
                    pick, acc = r.random() * sum(chances), 0.0
                    reason = len(chances) - 1
                    for i, ch in enumerate(chances):
                        acc += ch
                        if pick <= acc:
                            reason = i
                            break
                    name = REASONS[reason]
                    proof = name == "illness_family" and r.random() < p["illness_proof_share"]
                    borderline = name in ("work_conflict", "illness_family") and not proof
                    ok = proof or (borderline and r.random() < officer_accept)
                    if ok:
                        counts["absent_acceptable"] += 1
                        if borderline:
                            e += p["fair_boost"]
                        outcome = "absent_acceptable"
                    else:
                        counts["absent_unacceptable"] += 1
                        outcome = "absent_unacceptable"
                        unfair = name in ("work_conflict", "illness_family", "misunderstanding")
                elif r.random() < min(max(p["late_chance"] * (1.5 - e), 0.0), 1.0):
                    minutes = r.expovariate(1 / p["late_minutes_mean"])
                    applied = tol if s.tolerance_consistent else r.uniform(0, 2 * tol)
                    if minutes <= applied:
                        outcome = "late_ok"
                        e += p["kept_boost"]
                    else:
                        outcome = "late_beyond"
                        unfair = minutes <= tol
                    counts[outcome] += 1
                else:
                    outcome = "kept"
                    counts["kept"] += 1
                    e += p["kept_boost"]
                if unfair:
                    e -= p["unfair_penalty"]
                    level -= 0.5 * p["unfair_penalty"]
                if outcome in ("late_beyond", "absent_unacceptable"):
                    events.append((cid, week, "failure"))
                    if licence:
                        recent = [w for w in failures if w > week - window]
                        failures.append(week)
                        if len(recent) + 1 >= p["recall_failures"]:
                            recalls += 1
                            active = False
                            events.append((cid, week, "recall"))
                    elif not pending:
                        if last_warning is not None and last_warning > week - window:
                            breaches += 1
                            pending, resolve_at = True, week + p["breach_resolution_weeks"]
                            events.append((cid, week, "breach"))
                        else:
                            last_warning = week
                            warnings.append(week)
                            events.append((cid, week, "warning"))
                            if s.verbal_warning:  # with the statutory warning, not instead of it
                                verbals += 1
                                e += p["verbal_warning_gain"]
                                events.append((cid, week, "verbal_warning"))
                e = min(max(e, 0.0), 1.0)
                level = min(max(level, 0.0), 1.0)
            if active:
                e += p["engagement_drift"] * (level - e)
                if waiting:
                    e = max(e - p["programme_wait_decay"], 0.0)
                    level = max(level - p["programme_wait_decay"], 0.0)
        rows.append(
            {
                "case_id": cid,
                "tier": tier,
                "licence": licence,
                "programme_wait_weeks": wait,
                "appointments": sum(counts.values()),
                **counts,
                "unacceptable_failures": counts["late_beyond"] + counts["absent_unacceptable"],
                "verbal_warnings": verbals,
                "warnings": len(warnings),
                "breaches": breaches,
                "revoked": revoked,
                "recalls": recalls,
                "completed": active and not pending,
                "final_engagement": e,
            }
        )
    per_case = pd.DataFrame(rows)
    return per_case, summarise(per_case), events
