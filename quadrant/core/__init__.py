"""Infrastructure shared by every component: base model, history, permissions, jobs, views."""
