"""The demo's 20 audit templates: each question with its type, its rule and the internal
standard it evidences (codes of the trust standards the standards demo loads)."""

from __future__ import annotations

# (text, kind, internal standard code or "", extra fields)
Question = tuple[str, str, str, dict[str, object]]
YES: dict[str, object] = {}
SCORE5: dict[str, object] = {"max_score": 5}
TWO: dict[str, object] = {"weight": 2}

TEMPLATES: list[tuple[str, str, int, list[tuple[str, list[Question]]]]] = [
    ("hand-hygiene", "Hand hygiene", 90, [
        ("The five moments", [
            ("Hands cleaned before touching a patient", "yes_no", "IPC-01", TWO),
            ("Hands cleaned after touching a patient", "yes_no", "IPC-01", TWO),
            ("Staff bare below the elbows", "yes_no", "IPC-01", YES),
            ("Gel dispensers at the bed space working", "number", "IPC-02", {"pass_min": 8}),
        ]),
        ("Facilities", [
            ("Sinks clear and stocked with soap and towels", "yes_no", "IPC-02", YES),
            ("Hand hygiene poster displayed", "choice", "", {
                "choices": "Current version\nOld version\nNone", "passing_choices":
                "Current version"}),
            ("Other observations", "text", "", YES),
        ]),
    ]),
    ("documentation", "Nursing documentation", 85, [
        ("Records", [
            ("Admission assessment completed within 6 hours", "yes_no", "EFF-01", TWO),
            ("Care plan reviewed in the last 24 hours", "yes_no", "EXP-02", YES),
            ("Entries legible, dated, timed and signed", "score", "", SCORE5),
            ("Allergies recorded", "yes_no", "MED-01", TWO),
            ("Consent documented where needed", "yes_no", "EXP-03", YES),
        ]),
    ]),
    ("medicines-storage", "Medicines storage", 95, [
        ("Storage", [
            ("Medicines cupboards locked", "yes_no", "MED-02", TWO),
            ("Fridge temperature recorded daily", "yes_no", "MED-02", YES),
            ("Fridge temperature now (°C)", "number", "MED-02", {"pass_min": 2, "pass_max": 8}),
            ("Controlled drugs register checked and signed", "yes_no", "MED-03", TWO),
            ("No expired stock", "yes_no", "MED-02", YES),
        ]),
    ]),
    ("resus-trolley", "Resuscitation trolley", 100, [
        ("Daily checks", [
            ("Trolley sealed with a numbered tag", "yes_no", "SAFE-07", YES),
            ("Defibrillator self-test passed", "yes_no", "SAFE-07", TWO),
            ("Suction working", "yes_no", "SAFE-07", YES),
            ("Checklist signed every day this month", "yes_no", "SAFE-04", YES),
        ]),
    ]),
    ("pressure-ulcers", "Pressure ulcer prevention", 85, [
        ("SSKIN bundle", [
            ("Risk assessment within 6 hours of admission", "yes_no", "SAFE-03", TWO),
            ("Skin inspected at each repositioning", "yes_no", "SAFE-03", YES),
            ("Right mattress for the risk", "yes_no", "SAFE-03", YES),
            ("Repositioning chart kept to plan", "score", "SAFE-03", SCORE5),
            ("Nutrition screened (MUST)", "yes_no", "EFF-04", YES),
        ]),
    ]),
    ("falls", "Falls prevention", 85, [
        ("Assessment", [
            ("Multifactorial falls assessment done", "yes_no", "SAFE-02", TWO),
            ("Lying and standing blood pressure recorded", "yes_no", "SAFE-02", YES),
            ("Call bell within reach", "yes_no", "SAFE-02", YES),
            ("Footwear appropriate", "yes_no", "SAFE-02", YES),
        ]),
    ]),
    ("news2", "NEWS2 and escalation", 90, [
        ("Observations", [
            ("Observations on time for the score", "yes_no", "SAFE-04", TWO),
            ("Score added up correctly", "yes_no", "SAFE-04", YES),
            ("Escalated as the score requires", "yes_no", "SAFE-04", TWO),
        ]),
    ]),
    ("environment", "Clean environment", 90, [
        ("Ward", [
            ("Bed spaces clean", "score", "IPC-02", SCORE5),
            ("Commodes clean and labelled", "yes_no", "IPC-02", YES),
            ("Sharps bins closed below the fill line", "yes_no", "IPC-02", YES),
            ("Linen stored off the floor", "yes_no", "IPC-02", YES),
        ]),
    ]),
    ("nutrition", "Nutrition and hydration", 85, [
        ("Mealtimes", [
            ("Protected mealtimes observed", "yes_no", "EFF-04", YES),
            ("Fluid balance chart completed", "yes_no", "EFF-04", TWO),
            ("Help with eating given when needed", "yes_no", "EXP-01", YES),
        ]),
    ]),
    ("safeguarding", "Safeguarding", 90, [
        ("Practice", [
            ("Staff know how to raise a concern", "yes_no", "SAFE-05", TWO),
            ("Referrals documented", "yes_no", "SAFE-05", YES),
            ("Training up to date (%)", "number", "WF-02", {"pass_min": 90}),
        ]),
    ]),
    ("cd-check", "Controlled drugs check", 100, [
        ("Register", [
            ("Stock balance matches the register", "yes_no", "MED-03", TWO),
            ("Two signatures for each administration", "yes_no", "MED-03", YES),
        ]),
    ]),
    ("iv-lines", "Peripheral cannula care", 90, [
        ("Care bundle", [
            ("VIP score recorded each shift", "yes_no", "IPC-05", YES),
            ("Dressing intact and dated", "yes_no", "IPC-05", YES),
            ("Cannula still needed", "yes_no", "IPC-05", YES),
        ]),
    ]),
    ("dignity", "Privacy and dignity", 85, [
        ("Observation", [
            ("Curtains closed during care", "yes_no", "EXP-01", YES),
            ("Patients addressed by the name they prefer", "yes_no", "EXP-01", YES),
            ("Same-sex accommodation kept", "yes_no", "EXP-01", TWO),
        ]),
    ]),
    ("end-of-life", "End of life care", 85, [
        ("Care", [
            ("Individual plan of care in place", "yes_no", "EXP-06", TWO),
            ("Family involved in decisions", "yes_no", "EXP-06", YES),
        ]),
    ]),
    ("discharge", "Discharge planning", 80, [
        ("Planning", [
            ("Expected date of discharge set within 24 hours", "yes_no", "EFF-06", YES),
            ("Medicines reconciled before discharge", "yes_no", "MED-04", TWO),
            ("Discharge summary sent the same day", "yes_no", "EFF-06", YES),
        ]),
    ]),
    ("handover", "Safety huddle and handover", 85, [
        ("Handover", [
            ("Structured handover tool used", "yes_no", "SAFE-06", YES),
            ("Patients at risk named", "yes_no", "SAFE-06", YES),
        ]),
    ]),
    ("staffing", "Safe staffing check", 90, [
        ("Shift", [
            ("Registered nurses on shift as planned", "yes_no", "WF-01", TWO),
            ("Escalated when below the plan", "yes_no", "WF-01", YES),
        ]),
    ]),
    ("consent", "Consent and capacity", 90, [
        ("Records", [
            ("Capacity assessed where in doubt", "yes_no", "EXP-03", YES),
            ("Best-interests decision recorded", "yes_no", "EXP-03", YES),
        ]),
    ]),
    ("ppe", "Personal protective equipment", 95, [
        ("Use", [
            ("PPE worn as the signage requires", "yes_no", "IPC-06", TWO),
            ("PPE stocked at the point of care", "yes_no", "IPC-06", YES),
        ]),
    ]),
    ("peer-review", "Ward peer review", 80, [
        ("Themes", [
            ("Safety", "score", "SAFE-01", SCORE5),
            ("Patient experience", "score", "EXP-05", SCORE5),
            ("Leadership visible on the ward", "score", "LEAD-02", SCORE5),
            ("Reviewer's summary", "text", "", YES),
        ]),
    ]),
]  # fmt: skip
