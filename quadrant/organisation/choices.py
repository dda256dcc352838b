from django.db import models


class UnitKind(models.TextChoices):
    ORGANISATION = "organisation", "Organisation"
    DIVISION = "division", "Division"
    DIRECTORATE = "directorate", "Directorate"
    SERVICE = "service", "Service"
    WARD = "ward", "Ward"
    TEAM = "team", "Team"


class Role(models.TextChoices):
    VIEWER = "viewer", "Viewer"
    STAFF = "staff", "Staff"
    ANALYST = "analyst", "Analyst"
    MANAGER = "manager", "Manager"
    QUALITY_LEAD = "quality_lead", "Quality lead"
    EXECUTIVE = "executive", "Executive"
    AUDITOR = "auditor", "Auditor"
    COACH = "coach", "Improvement coach"
    PARTNER = "partner", "Patient partner"
    ADMIN = "admin", "Administrator"


class PersonKind(models.TextChoices):
    STAFF = "staff", "Staff"
    NON_STAFF = "non_staff", "Not staff (for example a patient partner)"


class GrantRole(models.TextChoices):
    TEAM_MEMBER = "team_member", "Team member"
    LEAD = "lead", "Lead"
    APPROVER = "approver", "Approver"
    HANDLER = "handler", "Handler"
    VIEWER = "viewer", "Named viewer"
