"""PostgreSQL: the observation → measure link is checked once per statement, not once per row.

A foreign key checks every inserted row with a query of its own: on a 1,000,000-row import
that took longer than storing the rows. Here triggers give the same guarantee:

- after each INSERT or COPY into control_observation, ONE query checks that every measure the
  new rows name exists, and locks those measures (FOR KEY SHARE, as a foreign key does) so
  that none can be deleted before the rows are committed;
- an UPDATE that moves an observation to another measure is checked the same way;
- deleting a measure (or changing its id) while observations still name it is refused when
  the transaction commits (a deferred constraint trigger, like the foreign key it replaces;
  Django deletes a measure's observations first).

SQLite keeps the ordinary foreign key (its per-row check is cheap), and the Django model still
declares one. Reversing this migration puts the foreign key back.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

TABLE, MEASURES = "control_observation", "control_measure"

INSTALL = [
    """
CREATE OR REPLACE FUNCTION control_observation_measures_exist() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    missing bigint;
BEGIN
    WITH named AS (SELECT DISTINCT measure_id AS id FROM added),
         found AS (SELECT m.id FROM control_measure m JOIN named USING (id) FOR KEY SHARE OF m)
    SELECT (SELECT count(*) FROM named) - (SELECT count(*) FROM found) INTO missing;
    IF missing > 0 THEN
        RAISE EXCEPTION '% observation(s) name a measure that does not exist', missing
            USING ERRCODE = 'foreign_key_violation', TABLE = 'control_observation';
    END IF;
    RETURN NULL;
END
$$""",
    """
CREATE OR REPLACE FUNCTION control_observation_measure_exists() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM control_measure WHERE id = NEW.measure_id FOR KEY SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'observation % names measure %, which does not exist',
            NEW.id, NEW.measure_id
            USING ERRCODE = 'foreign_key_violation', TABLE = 'control_observation';
    END IF;
    RETURN NULL;
END
$$""",
    """
CREATE OR REPLACE FUNCTION control_measure_has_no_observations() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM control_observation WHERE measure_id = OLD.id) THEN
        RAISE EXCEPTION 'measure % still has observations', OLD.id
            USING ERRCODE = 'foreign_key_violation', TABLE = 'control_measure';
    END IF;
    RETURN NULL;
END
$$""",
    """
CREATE TRIGGER control_observation_insert_measures AFTER INSERT ON control_observation
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT
    EXECUTE FUNCTION control_observation_measures_exist()""",
    """
CREATE TRIGGER control_observation_update_measure AFTER UPDATE OF measure_id ON control_observation
    FOR EACH ROW WHEN (OLD.measure_id IS DISTINCT FROM NEW.measure_id)
    EXECUTE FUNCTION control_observation_measure_exists()""",
    """
CREATE CONSTRAINT TRIGGER control_measure_observations AFTER DELETE OR UPDATE OF id
    ON control_measure DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    EXECUTE FUNCTION control_measure_has_no_observations()""",
]

REMOVE = [
    "DROP TRIGGER IF EXISTS control_observation_insert_measures ON control_observation",
    "DROP TRIGGER IF EXISTS control_observation_update_measure ON control_observation",
    "DROP TRIGGER IF EXISTS control_measure_observations ON control_measure",
    "DROP FUNCTION IF EXISTS control_observation_measures_exist()",
    "DROP FUNCTION IF EXISTS control_observation_measure_exists()",
    "DROP FUNCTION IF EXISTS control_measure_has_no_observations()",
]


def _run(schema_editor: Any, statements: list[str]) -> None:
    """Each statement on its own, without parameters (the functions hold % signs)."""
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _measure_foreign_keys(schema_editor: Any) -> list[str]:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    return [
        name
        for name, info in constraints.items()
        if info["foreign_key"] == (MEASURES, "id") and info["columns"] == ["measure_id"]
    ]


def check_per_statement(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    drop = [f"ALTER TABLE {quote(TABLE)} DROP CONSTRAINT {quote(name)}"
            for name in _measure_foreign_keys(schema_editor)]  # fmt: skip
    _run(schema_editor, [*drop, *INSTALL])


def foreign_key_again(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    _run(schema_editor, REMOVE)
    if not _measure_foreign_keys(schema_editor):
        quote = schema_editor.quote_name
        schema_editor.execute(
            f"ALTER TABLE {quote(TABLE)} ADD CONSTRAINT "
            f"{quote('control_observation_measure_id_fk_control_measure_id')} "
            f"FOREIGN KEY (measure_id) REFERENCES {quote(MEASURES)} (id) "
            "DEFERRABLE INITIALLY DEFERRED"
        )


class Migration(migrations.Migration):
    dependencies = [("control", "0007_observation_stamps_without_foreign_keys")]

    operations = [migrations.RunPython(check_per_statement, foreign_key_again)]
