from django.db import DatabaseError, migrations, models, transaction

# Index layout 2 (docs/search.md): the text moves to new structures and each entry gets the page
# columns that filters need. Existing rows are emptied; a site that had an index gets it rebuilt here.
SQLITE = [
    "DROP TABLE IF EXISTS search_searchentry_fts",
    *(
        f"CREATE VIRTUAL TABLE search_fts_{kind} USING fts5(a, b, c, "
        "tokenize = \"unicode61 remove_diacritics 0 tokenchars '-/.'\")"
        for kind in ("exact", "folded")
    ),
]
VECTORS = ("title_exact", "title_folded", "head_exact", "head_folded", "exact", "folded")
POSTGRES = [
    "DROP INDEX IF EXISTS search_entry_folded_gin",
    "DROP INDEX IF EXISTS search_entry_exact_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS exact, DROP COLUMN IF EXISTS folded, "
    "DROP COLUMN IF EXISTS head_exact, DROP COLUMN IF EXISTS head_folded",
    "ALTER TABLE search_searchentry "
    + ", ".join(f"ADD COLUMN {name} tsvector NOT NULL DEFAULT ''" for name in VECTORS),
    *(f"CREATE INDEX search_entry_{name}_gin ON search_searchentry USING gin ({name})" for name in VECTORS),
    # Vectors go out of line even when small: the table itself stays ~200 bytes a row, so counting
    # 100,000 matches reads a few MB of rows and never a vector (docs/search.md).
    "ALTER TABLE search_searchentry SET (toast_tuple_target = 128)",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    entries = apps.get_model("search", "SearchEntry")
    had_index = entries.objects.exists()
    entries.objects.all().delete()
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRES}[vendor]:
        schema_editor.execute(statement)
    if vendor == "postgresql":
        # lz4 reads and writes the out-of-line vectors several times faster than the default pglz;
        # a server built without lz4 keeps pglz.
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                for name in VECTORS:
                    schema_editor.execute(f"ALTER TABLE search_searchentry ALTER COLUMN {name} SET COMPRESSION lz4")
        except DatabaseError:
            pass
    if had_index:
        # Derived data: rebuilt with the current code (a fresh database has nothing to rebuild).
        from django.core.management import call_command

        call_command("update_index", verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgres_head_vectors")]

    operations = [
        migrations.AddField("searchentry", "rank_key", models.BigIntegerField(default=0)),
        migrations.AddField("searchentry", "live", models.BooleanField(null=True)),
        migrations.AddField("searchentry", "path", models.CharField(blank=True, max_length=255, null=True)),
        migrations.AddField("searchentry", "depth", models.PositiveIntegerField(null=True)),
        migrations.AddIndex("searchentry", models.Index(fields=["rank_key"], name="search_entry_rank")),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
