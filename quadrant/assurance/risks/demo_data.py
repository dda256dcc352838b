"""The demo's risks, written as a trust's risk register words them: cause, event and effect,
a category, and a typical current rating (likelihood, consequence). Invented for the demo."""

from __future__ import annotations

# title, category, cause, event, effect, (likelihood, consequence)
RISKS: tuple[tuple[str, str, str, str, str, tuple[int, int]], ...] = (
    (
        "Falls at night",
        "Patient safety",
        "Because there are fewer registered nurses on shift at night",
        "there is a risk that patients at risk of falling are not observed",
        "which could lead to falls with serious harm",
        (3, 4),
    ),
    (
        "Deteriorating patients not escalated",
        "Patient safety",
        "Because NEWS2 observations are not always repeated on time",
        "there is a risk that a deteriorating patient is not recognised",
        "which could lead to avoidable harm or death",
        (3, 5),
    ),
    (
        "Sepsis treatment delayed",
        "Patient safety",
        "Because the sepsis six bundle is not started within the hour",
        "there is a risk that antibiotics are given late",
        "which could lead to avoidable deaths from sepsis",
        (2, 5),
    ),
    (
        "Pressure ulcers acquired on the ward",
        "Quality and effectiveness",
        "Because pressure-relieving mattresses are in short supply",
        "there is a risk that patients develop pressure ulcers",
        "which would lead to pain, longer stays and complaints",
        (3, 3),
    ),
    (
        "Medicines omitted",
        "Patient safety",
        "Because critical medicines are not always in stock on the ward",
        "there is a risk that time-critical doses are missed",
        "which could lead to harm, for example in Parkinson's disease",
        (3, 4),
    ),
    (
        "Registered nurse vacancies",
        "Workforce",
        "Because a fifth of registered nurse posts are vacant",
        "there is a risk that wards run below safe staffing levels",
        "which would lead to poorer care and more agency spend",
        (4, 4),
    ),
    (
        "Agency spend over budget",
        "Finance",
        "Because vacancies are filled by agency staff at premium rates",
        "there is a risk that the division overspends its pay budget",
        "which would lead to a deficit the trust must recover",
        (4, 3),
    ),
    (
        "Mandatory training below target",
        "Regulation and compliance",
        "Because staff cannot be released from the wards for training",
        "there is a risk that mandatory training compliance stays below 90%",
        "which would lead to unsafe practice and regulatory concern",
        (3, 3),
    ),
    (
        "Long waits in the emergency department",
        "Operations and service continuity",
        "Because beds are not freed early enough in the day",
        "there is a risk that patients wait over 12 hours in the department",
        "which would lead to harm and breaches of the standard",
        (4, 4),
    ),
    (
        "Discharge delays",
        "Operations and service continuity",
        "Because packages of care are not available in the community",
        "there is a risk that medically fit patients stay in hospital",
        "which would lead to deconditioning and blocked beds",
        (4, 3),
    ),
    (
        "Complaints not answered in time",
        "Patient experience",
        "Because complaint investigations wait for clinical statements",
        "there is a risk that responses miss the 25 working days",
        "which would lead to dissatisfied families and referrals to the ombudsman",
        (3, 2),
    ),
    (
        "Information governance breach",
        "Information governance",
        "Because handover sheets with patient details are printed",
        "there is a risk that they are left in public areas",
        "which would lead to a data breach and loss of trust",
        (2, 3),
    ),
    (
        "Cyber attack on clinical systems",
        "Information governance",
        "Because some systems run on unsupported software",
        "there is a risk of a ransomware attack",
        "which would stop electronic records and delay care",
        (2, 5),
    ),
    (
        "Estates: ageing theatre ventilation",
        "Operations and service continuity",
        "Because theatre ventilation plant is beyond its design life",
        "there is a risk that a theatre must close",
        "which would cancel operations and lengthen waiting lists",
        (3, 4),
    ),
    (
        "Surgical site infections",
        "Quality and effectiveness",
        "Because skin preparation is not consistent between theatres",
        "there is a risk of more surgical site infections",
        "which would harm patients and lengthen stays",
        (2, 4),
    ),
    (
        "Never event: wrong site surgery",
        "Patient safety",
        "Because the WHO checklist is not always completed with the whole team",
        "there is a risk of surgery on the wrong site",
        "which would cause severe harm",
        (1, 5),
    ),
    (
        "Mental health patients waiting in A&E",
        "Patient safety",
        "Because specialist beds are full across the region",
        "there is a risk that patients in crisis wait long in the department",
        "which could lead to self-harm or absconding",
        (4, 4),
    ),
    (
        "Maternity staffing",
        "Workforce",
        "Because midwife vacancies are high",
        "there is a risk that one-to-one care in labour cannot be given",
        "which could lead to harm to mothers and babies",
        (3, 5),
    ),
    (
        "CQC rating of requires improvement",
        "Reputation",
        "Because actions from the last inspection are not all complete",
        "there is a risk the next inspection rates the service requires improvement",
        "which would damage the trust's reputation",
        (3, 3),
    ),
    (
        "Cost improvement plan not delivered",
        "Finance",
        "Because schemes are not fully identified",
        "there is a risk that the savings target is missed",
        "which would leave the trust in deficit",
        (3, 4),
    ),
)

DE_ESCALATION_REASON = (
    "Extra night staff have been funded and falls have fallen for three months: the division "
    "manages the risk again."
)
TOLERATED_REASON = "Accepted at the risk committee: every practicable control is in place."
CLOSED_REASON = "The cause has been removed; the risk committee agreed to close the risk."
CONTROLS = (
    "Staffing reviewed at each safety huddle\nEscalation policy in place\n"
    "Weekly audit by the matron"
)
GAPS_IN_CONTROL = "Night cover not yet funded\nAudit not done at weekends"
GAPS_IN_ASSURANCE = "No independent review this year"
