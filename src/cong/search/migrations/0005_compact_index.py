from django.db import migrations

# Index layout 3 (docs/search.md §2): an index at most about twice the text it indexes.
# - Rank keys get a 10-bit slot instead of the 28-bit entry id, so FTS5's rowid deltas are short.
# - SQLite: both FTS5 tables become contentless (no copy of the text each) without column sizes (we
#   rank by tiers and dates, never bm25); the exact tokens are kept once, zlib-compressed, in
#   search_fts_text, for FTS5's 'delete' and for the readings. Entries are found from an FTS rowid
#   through a covering index on the rank key.
# Existing rows are emptied; a site that had an index gets it rebuilt here.
TOKENIZER = "tokenize = \"unicode61 remove_diacritics 0 tokenchars '-/.'\""
SQLITE = [
    "DROP TABLE IF EXISTS search_fts_exact",
    "DROP TABLE IF EXISTS search_fts_folded",
    *(
        f"CREATE VIRTUAL TABLE search_fts_{kind} USING fts5(a, b, c, content='', columnsize=0, {TOKENIZER})"
        for kind in ("exact", "folded")
    ),
    "DROP TABLE IF EXISTS search_fts_text",
    "CREATE TABLE search_fts_text (id INTEGER PRIMARY KEY, tokens BLOB NOT NULL)",
    "DROP INDEX IF EXISTS search_entry_rank_cover",
    "CREATE INDEX search_entry_rank_cover ON search_searchentry "
    "(rank_key, content_type_id, live, depth, path, sort_date, object_id)",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    entries = apps.get_model("search", "SearchEntry")
    readings = apps.get_model("search", "SearchReading")
    had_index = entries.objects.exists()
    entries.objects.all().delete()
    readings.objects.all().delete()
    if vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)
    if had_index:
        # Derived data: rebuilt with the current code (a fresh database has nothing to rebuild).
        from django.core.management import call_command

        call_command("update_index", verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_readings")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
