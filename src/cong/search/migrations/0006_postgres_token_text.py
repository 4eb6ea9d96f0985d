from django.db import migrations

# Index layout 4 on PostgreSQL (docs/search.md §2): no stored vectors. The entry keeps the object's
# tokens as text, exact and folded (a line per tier; TOAST compresses them with pglz: 0.52 of the raw
# bytes, lz4 0.67), and three GIN indexes (tier A, A+B, all tiers) are built on lexemes computed from
# that text. Phrases and other positional checks read the text of the few candidates. Existing rows
# are emptied; a site that had an index gets it rebuilt. The index expressions are the ones of
# cong.search.index.pg_index (the planner only uses an index whose expression a query repeats).
OLD = ("title_exact", "title_folded", "head_exact", "head_folded", "exact", "folded")
# The lexemes of one tier set: folded words, pairs of adjacent folded words of one line (tier), and
# the exact words marked with "=" (never part of a token). Its COST tells the planner that computing
# it per row (a filter instead of the GIN index) is expensive: without it, a word found in most rows
# was answered by the content type's index and cong_lexemes of every row (9 ms each).
LEXEMES = r"""
CREATE OR REPLACE FUNCTION cong_lexemes(exact text, folded text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 100000 AS $$
    SELECT array_to_tsvector(ARRAY(
        SELECT x FROM (
            SELECT w AS x FROM unnest(string_to_array(translate(folded, E'\n', ' '), ' ')) AS w
            UNION ALL
            SELECT a[i] || ' ' || a[i + 1]
            FROM unnest(string_to_array(folded, E'\n')) AS line
            CROSS JOIN LATERAL string_to_array(line, ' ') AS a
            CROSS JOIN LATERAL generate_series(1, cardinality(a) - 1) AS i
            UNION ALL
            SELECT '=' || w FROM unnest(string_to_array(translate(exact, E'\n', ' '), ' ')) AS w WHERE w <> ''
        ) AS u
        WHERE x <> '' AND octet_length(x) < 2048
    ))
$$
"""
A = r"split_part({}, E'\n', 1)"
AB = r"split_part({0}, E'\n', 1) || E'\n' || split_part({0}, E'\n', 2)"
INDEXES = {
    "title": f"cong_lexemes({A.format('exact_text')}, {A.format('folded_text')})",
    "head": f"cong_lexemes({AB.format('exact_text')}, {AB.format('folded_text')})",
    "all": "cong_lexemes(exact_text, folded_text)",
}
POSTGRES = [
    *(f"DROP INDEX IF EXISTS search_entry_{name}_gin" for name in OLD),
    "ALTER TABLE search_searchentry "
    + ", ".join(f"DROP COLUMN IF EXISTS {name}" for name in OLD)
    + ", ADD COLUMN exact_text text NOT NULL DEFAULT '', ADD COLUMN folded_text text NOT NULL DEFAULT ''",
    LEXEMES,
    *(
        f"CREATE INDEX IF NOT EXISTS search_entry_{name}_gin ON search_searchentry USING gin ({expression})"
        for name, expression in INDEXES.items()
    ),
]
def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    entries = apps.get_model("search", "SearchEntry")
    readings = apps.get_model("search", "SearchReading")
    had_index = entries.objects.exists()
    entries.objects.all().delete()
    readings.objects.all().delete()
    for statement in POSTGRES:
        schema_editor.execute(statement)
    if had_index:
        from django.core.management import call_command

        call_command("update_index", verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_compact_index")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
