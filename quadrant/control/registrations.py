"""What the control component adds to the shell."""

from quadrant.control import watch  # noqa: F401  (issue 6: icons, signals, summary, digest)
