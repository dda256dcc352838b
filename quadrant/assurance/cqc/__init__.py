"""The CQC self-assessment of a unit: scores per quality statement (directly, or per evidence
category), turned into statement scores and key-question ratings by CQC's published rules."""
