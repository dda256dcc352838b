"""The words of the demo's controlled documents: topics a trust keeps policies, procedures,
SOPs, guidelines and forms for, each with a line of what it is about (the demo's search finds
them by these words)."""

from __future__ import annotations

TOPICS: list[tuple[str, str, str]] = [
    # (type, title, what it is about)
    (
        "policy",
        "Infection prevention and control",
        "hand hygiene, isolation and personal protective equipment",
    ),
    ("policy", "Safeguarding adults", "recognising abuse and neglect and raising a concern"),
    ("policy", "Safeguarding children", "child protection referrals and information sharing"),
    ("policy", "Medicines management", "prescribing, storage and administration of medicines"),
    ("policy", "Consent to examination or treatment", "capacity, valid consent and recording it"),
    ("policy", "Incident reporting and learning", "reporting patient safety events under PSIRF"),
    (
        "policy",
        "Being open and duty of candour",
        "telling patients and families when things go wrong",
    ),
    ("policy", "Complaints handling", "responding to complaints within agreed timescales"),
    ("policy", "Information governance", "confidentiality, records and data protection"),
    ("policy", "Freedom to speak up", "raising concerns safely and the guardian's role"),
    ("policy", "Risk management", "identifying, rating and escalating risks"),
    ("policy", "Visiting", "visiting hours, carers and open visiting"),
    (
        "procedure",
        "Falls prevention and management",
        "falls risk assessment, intentional rounding and post-fall checks",
    ),
    ("procedure", "Pressure ulcer prevention", "skin inspection, repositioning and SSKIN bundle"),
    (
        "procedure",
        "Recognising the deteriorating patient",
        "NEWS2 observations and escalation to the outreach team",
    ),
    ("procedure", "Sepsis screening and treatment", "sepsis six within one hour of recognition"),
    (
        "procedure",
        "Venous thromboembolism assessment",
        "VTE risk assessment within 14 hours of admission",
    ),
    ("procedure", "Patient identification", "wristbands and positive patient identification"),
    ("procedure", "Blood transfusion", "pre-transfusion checks and bedside administration"),
    ("procedure", "Discharge planning", "estimated date of discharge and discharge checklist"),
    (
        "procedure",
        "Nutrition and hydration",
        "MUST screening, fluid balance and protected mealtimes",
    ),
    ("procedure", "Management of medical devices", "device training, checks and reporting faults"),
    (
        "procedure",
        "Mental Capacity Act assessment",
        "two-stage capacity test and best interests decisions",
    ),
    (
        "sop",
        "Controlled drugs checking",
        "daily controlled drug balance checks and register entries",
    ),
    ("sop", "Resuscitation trolley checks", "daily and weekly checks of the resuscitation trolley"),
    ("sop", "Fridge temperature monitoring", "medicines fridge minimum and maximum temperatures"),
    ("sop", "Specimen labelling", "labelling pathology specimens at the bedside"),
    ("sop", "Cleaning of commodes", "decontamination of commodes between patients"),
    (
        "sop",
        "Nasogastric tube placement checks",
        "pH testing before every use of a nasogastric tube",
    ),
    ("sop", "Insulin administration", "insulin doses, timing and hypoglycaemia treatment"),
    ("sop", "Patient handover", "SBAR handover at shift change"),
    ("sop", "Safe staffing escalation", "red flags and escalation when staffing is unsafe"),
    ("guideline", "Acute kidney injury", "recognition and management of acute kidney injury"),
    ("guideline", "Delirium", "screening with the 4AT and managing delirium"),
    ("guideline", "Pain management", "pain scores, analgesia ladder and review"),
    ("guideline", "End of life care", "the five priorities of care for the dying person"),
    ("guideline", "Antimicrobial prescribing", "start smart then focus and 72-hour review"),
    ("guideline", "Head injury", "NICE head injury assessment and CT criteria"),
    ("form", "Falls risk assessment form", "the multifactorial falls risk assessment"),
    ("form", "Bed rails assessment form", "whether bed rails are safe for the patient"),
    ("form", "Discharge checklist form", "the checklist completed before a patient goes home"),
    ("form", "Property and valuables form", "patients' property recorded on admission"),
]

PREFIX = {"policy": "POL", "procedure": "PROC", "sop": "SOP", "guideline": "GUI", "form": "FRM"}


def body_of(title: str, about: str, version: int) -> str:
    """The text of a demo document (a little different in each version)."""
    change = "" if version == 1 else f"<p>Updated in version {version} after review.</p>"
    return (
        f"<h2>Purpose</h2><p>This document sets out {about}.</p>"
        f"<h2>Scope</h2><p>It applies to all staff caring for patients. {title} is everyone's "
        "responsibility.</p>"
        "<h2>What to do</h2><ul>"
        f"<li>Follow the steps for {about.split(',')[0]}.</li>"
        "<li>Record what you did in the patient's notes.</li>"
        "<li>Escalate concerns to the nurse in charge.</li></ul>"
        f"{change}<h2>Monitoring</h2><p>Compliance is audited every quarter.</p>"
    )
