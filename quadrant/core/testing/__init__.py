"""Test support shared by every component: personas, an org tree, API clients."""
