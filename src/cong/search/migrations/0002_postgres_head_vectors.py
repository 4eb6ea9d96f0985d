from django.db import migrations

# PostgreSQL only (docs/search.md): small title + lede vectors, tested row by row for ranking, and a
# GIN index on the exact vector for the "exact anywhere" level. SQLite needs nothing more.
STATEMENTS = [
    "ALTER TABLE search_searchentry ADD COLUMN head_exact tsvector NOT NULL DEFAULT '', "
    "ADD COLUMN head_folded tsvector NOT NULL DEFAULT ''",
    "CREATE INDEX search_entry_exact_gin ON search_searchentry USING gin (exact)",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in STATEMENTS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
