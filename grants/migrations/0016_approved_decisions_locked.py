"""On PostgreSQL, the database refuses to change an approved decision's figures, status and period.

The services refuse with a message first (`grants.services`, `grants.approved`); these triggers
hold for every other writer too: a raw `update()`, a shell session, a script. The one service
allowed past them (reopening, by an administrator with a reason) sets the transaction-local
setting `rummelig.approved_unlocked` (`grants.approved.unlocked`). A decision's version never
goes back, unlocked or not: the budget grid's optimistic lock counts on it.

SQLite has no such triggers here; the tests of the services hold there.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

SETTING = "rummelig.approved_unlocked"

DECISION_FUNCTION = f"""
CREATE OR REPLACE FUNCTION grants_approved_decision_locked() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.version < OLD.version THEN
        RAISE EXCEPTION 'The version of grant decision % cannot go back (% to %).',
            OLD.id, OLD.version, NEW.version
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.status <> 'approved' OR current_setting('{SETTING}', true) = 'on' THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'Grant decision % is approved and cannot be deleted.', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF (NEW.status, NEW.kind, NEW.revises_id, NEW.first_year, NEW.last_year,
        NEW.split_by_year, NEW.project_id)
       IS DISTINCT FROM
       (OLD.status, OLD.kind, OLD.revises_id, OLD.first_year, OLD.last_year,
        OLD.split_by_year, OLD.project_id) THEN
        RAISE EXCEPTION 'Grant decision % is approved: its status, kind, period and revised '
            'decision change only when an administrator reopens it.', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

FIGURES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION grants_approved_figures_locked() RETURNS trigger AS $$
BEGIN
    IF current_setting('{SETTING}', true) = 'on' THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
        SELECT 1 FROM grants_grantdecision WHERE id = OLD.decision_id AND status = 'approved'
    ) THEN
        RAISE EXCEPTION 'Grant decision % is approved: its figures are locked.', OLD.decision_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
        SELECT 1 FROM grants_grantdecision WHERE id = NEW.decision_id AND status = 'approved'
    ) THEN
        RAISE EXCEPTION 'Grant decision % is approved: its figures are locked.', NEW.decision_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;
"""

FIGURE_TABLES = ("grants_budgetline", "grants_financingline", "grants_financingtotal")


def install(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    # No parameters (None): the functions' "%" are PL/pgSQL's placeholders, not Python's.
    def execute(sql: str) -> None:
        schema_editor.execute(sql, None)

    execute(DECISION_FUNCTION)
    execute(
        "CREATE TRIGGER grants_approved_decision_locked BEFORE UPDATE OR DELETE "
        "ON grants_grantdecision FOR EACH ROW EXECUTE FUNCTION grants_approved_decision_locked()"
    )
    execute(FIGURES_FUNCTION)
    for table in FIGURE_TABLES:
        execute(
            f"CREATE TRIGGER {table}_approved_locked BEFORE INSERT OR UPDATE OR DELETE "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION grants_approved_figures_locked()"
        )


def uninstall(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    def execute(sql: str) -> None:
        schema_editor.execute(sql, None)

    for table in FIGURE_TABLES:
        execute(f"DROP TRIGGER IF EXISTS {table}_approved_locked ON {table}")
    execute("DROP FUNCTION IF EXISTS grants_approved_figures_locked()")
    execute("DROP TRIGGER IF EXISTS grants_approved_decision_locked ON grants_grantdecision")
    execute("DROP FUNCTION IF EXISTS grants_approved_decision_locked()")


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0015_decision_case_links_with_history"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
