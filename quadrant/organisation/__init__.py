"""The organisation: units from board to ward, people, memberships with roles, object grants."""
