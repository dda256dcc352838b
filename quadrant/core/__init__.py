"""Infrastructure shared by every component: base model, audit trail, permissions, jobs, views."""
