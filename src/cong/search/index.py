"""Writing the search index: tokens per tier, the rank key, and the database-specific text structures.

Layout (docs/search.md §2): one ``SearchEntry`` row per object, plus
- SQLite: ``search_fts_exact`` and ``search_fts_folded`` (columns a, b, c = tiers), rowid = ``rank_key``,
  both contentless; the object's exact tokens are kept once, compressed, in ``search_fts_text`` (same
  rowid), because FTS5's 'delete' needs the values that were indexed;
- PostgreSQL: the object's tokens as two text columns on the entry row, ``exact_text`` and
  ``folded_text`` (a line per tier), and three GIN indexes on the lexemes of tier A, A+B and all
  tiers computed from them (``PG_INDEXES``, ``pg_vector``): no stored vector.
"""

from __future__ import annotations

import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models, transaction
from django.utils.encoding import force_str
from modelsearch.backends.base import BaseIndex
from modelsearch.index import RelatedFields, SearchField

from cong.search import query as q
from cong.search import readings
from cong.search.models import SearchEntry
from cong.search.normalize import doc_number_parts, fold_token, tokens

ENTRY = SearchEntry._meta.db_table
FTS_EXACT = "search_fts_exact"
FTS_FOLDED = "search_fts_folded"
FTS_TEXT = "search_fts_text"  # rowid = the FTS rowid, tokens = the exact tokens per tier, zlib-compressed
SORT_DATE_FIELDS = ("published_at", "first_published_at", "created_at")
# PostgreSQL: the tokens of an object, exact and folded, as text (pg_text); one GIN index per tier set
# on the lexemes of that text (pg_vector), name -> tiers.
PG_TEXTS = ("exact_text", "folded_text")
PG_INDEXES = {"title": "A", "head": "AB", "all": "ABC"}
PAGE_COLUMNS = ("live", "path", "depth")  # copied from pages so filters need no join
# rank_key = (seconds since 1970 + 2**34) << 10 | slot: newest first as one integer, unique. The slot is
# the entry id mod 1024 unless another entry of the same second holds it (then the next free one
# below). Small gaps between keys keep FTS5's rowid deltas short: 3 bytes per word and document
# instead of 6 with the entry id in the low 28 bits (docs/search.md §2).
RANK_SLOT_BITS = 10
RANK_SLOT_MASK = (1 << RANK_SLOT_BITS) - 1
RANK_EPOCH_OFFSET = 1 << 34  # dates from the year 1425 to 2514 keep their order; others are clamped
RANK_SECONDS_MAX = (1 << 35) - 1

Tokens = dict[str, list[str]]


def field_tier(field: SearchField) -> str:
    """A for titles (or boost >= 2), B for boosted fields such as the lede, C for everything else."""
    boost = getattr(field, "boost", None) or 1
    if field.field_name == "title" or boost >= 2:
        return "A"
    return "B" if boost > 1 else "C"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return "\n".join(_text(item) for item in value)
    if isinstance(value, dict):
        return "\n".join(_text(item) for item in value.values())
    return force_str(value)


def field_texts(obj: models.Model, fields: Iterable[Any], related: bool = False) -> Iterator[tuple[str, str]]:
    for field in fields:
        if isinstance(field, SearchField):
            yield ("C" if related else field_tier(field)), _text(field.get_value(obj))
        elif isinstance(field, RelatedFields):
            value = field.get_value(obj)
            if value is None:
                continue
            if isinstance(value, models.Manager):
                children: Iterable[Any] = value.all()
            else:
                children = [value() if callable(value) else value]
            for child in children:
                yield from field_texts(child, field.fields, related=True)


def document_tokens(obj: models.Model) -> Tokens:
    """Exact tokens per tier. Parts of document numbers ("01", "ct", "tw") follow at the tier's end,
    so a plain "2022" still finds "42/2022/NĐ-CP" while the whole number stays one token."""
    streams: Tokens = {tier: [] for tier in q.TIERS}
    parts: Tokens = {tier: [] for tier in q.TIERS}
    for tier, text in field_texts(obj, obj.get_search_fields()):
        toks = tokens(text)
        streams[tier].extend(toks)
        parts[tier].extend(
            part for tok in toks if "-" in tok or "/" in tok or "." in tok for part in doc_number_parts(tok)
        )
    return {tier: streams[tier] + parts[tier] for tier in q.TIERS}


def sort_field(model: type[models.Model]) -> str | None:
    """The model's date for "newest first": the first of SORT_DATE_FIELDS it has."""
    for name in SORT_DATE_FIELDS:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(field, models.DateTimeField):
            return name
    return None


def rank_key(date: datetime | None, entry_id: int) -> int:
    """The entry's preferred key: its date's second and its id's slot (``assign_keys`` makes it unique)."""
    seconds = min(max(0, int(date.timestamp()) + RANK_EPOCH_OFFSET), RANK_SECONDS_MAX) if date else 0
    return (seconds << RANK_SLOT_BITS) | (entry_id & RANK_SLOT_MASK)


def assign_keys(cursor: Any, wanted: list[tuple[int, int | None]], batch_ids: list[int]) -> list[int]:
    """Unique rank keys for (preferred key, current key or None) pairs. An entry whose second did
    not change keeps its key (and so its FTS rowid); otherwise it takes its preferred key or, when
    another entry holds it, the next free key below (just after that entry in the order)."""
    keys: list[int | None] = [
        current if current is not None and current >> RANK_SLOT_BITS == preferred >> RANK_SLOT_BITS else None
        for preferred, current in wanted
    ]
    used = {key for key in keys if key is not None}
    missing = [preferred for (preferred, _), key in zip(wanted, keys, strict=True) if key is None]
    taken = _taken_keys(cursor, missing, batch_ids)
    seconds_read: set[int] = set()
    for n, (preferred, _current) in enumerate(wanted):
        if keys[n] is not None:
            continue
        key = preferred
        while key in used or key in taken:
            key -= 1
            second = key >> RANK_SLOT_BITS
            if second not in seconds_read:  # the keys of that second, read at once
                seconds_read.add(second)
                low = second << RANK_SLOT_BITS
                taken |= _taken_keys(cursor, None, batch_ids, (low, low | RANK_SLOT_MASK))
        used.add(key)
        keys[n] = key
    return [key for key in keys if key is not None]


def _taken_keys(
    cursor: Any, keys: list[int] | None, batch_ids: list[int], between: tuple[int, int] | None = None
) -> set[int]:
    """Keys held by other entries (SQLite: by rows of the FTS text table, which enforces them)."""
    if connection.vendor == "postgresql":  # the batch's own rows still hold their old keys
        source, column, others = ENTRY, "rank_key", " AND NOT (id = ANY(%s))"
        other_params: list[Any] = [list(batch_ids)]
    else:
        source, column, others, other_params = FTS_TEXT, "rowid", "", []
    if between is not None:
        cursor.execute(
            f"SELECT {column} FROM {source} WHERE {column} BETWEEN %s AND %s{others}",
            [*between, *other_params],
        )
    elif keys:
        marks = ", ".join(["%s"] * len(keys))
        cursor.execute(
            f"SELECT {column} FROM {source} WHERE {column} IN ({marks}){others}", [*keys, *other_params]
        )
    else:
        return set()
    return {row[0] for row in cursor.fetchall()}


def pack_tokens(per_tier: Tokens) -> bytes:
    """The exact tokens of every tier, compressed (tokens never contain whitespace)."""
    return zlib.compress("\n".join(" ".join(per_tier[tier]) for tier in q.TIERS).encode(), 9)


def unpack_tokens(blob: bytes) -> Tokens:
    parts = zlib.decompress(blob).decode().split("\n")
    return {tier: part.split() for tier, part in zip(q.TIERS, parts, strict=True)}


def fts_values(per_tier: Tokens, folded: bool) -> list[str]:
    """The FTS5 columns a, b, c of one table: the tier's tokens, space-separated."""
    if folded:
        return [" ".join(map(fold_token, per_tier[tier])) for tier in q.TIERS]
    return [" ".join(per_tier[tier]) for tier in q.TIERS]


def page_columns(obj: models.Model) -> list[Any]:
    """live, path, depth of a page (None for other models)."""
    names = {f.name for f in obj._meta.concrete_fields}
    return [getattr(obj, name) if name in names else None for name in PAGE_COLUMNS]


def pg_tier_text(column: str, tiers: str) -> str:
    """SQL for the text of some tiers of a PostgreSQL token column ("A\\nB\\nC": tiers on lines)."""
    if tiers == "".join(q.TIERS):
        return column
    return " || E'\\n' || ".join(f"split_part({column}, E'\\n', {q.TIERS.index(t) + 1})" for t in tiers)


def pg_index(name: str) -> str:
    """CREATE INDEX for one of ``PG_INDEXES``."""
    return f"CREATE INDEX IF NOT EXISTS search_entry_{name}_gin ON {ENTRY} USING gin ({pg_vector('', PG_INDEXES[name])})"


def pg_vector(alias: str, tiers: str) -> str:
    """SQL for the lexemes of the GIN index of some tiers (``cong_lexemes``, migration search.0006):
    the folded words, each pair of adjacent folded words of one tier ("cai cach"), and the exact words
    marked with ``query.EXACT_MARK`` ("=cải"). `alias` is "e." or ""."""
    exact, folded = (pg_tier_text(alias + column, tiers) for column in PG_TEXTS)
    return f"cong_lexemes({exact}, {folded})"


def pg_text(per_tier: Tokens, folded: bool) -> str:
    """The value of ``exact_text`` / ``folded_text``: one line per tier, tokens separated by spaces."""
    if folded:
        return "\n".join(" ".join(map(fold_token, per_tier[tier])) for tier in q.TIERS)
    return "\n".join(" ".join(per_tier[tier]) for tier in q.TIERS)


def pg_tokens(text: str) -> Tokens:
    """``pg_text`` read back."""
    lines = text.split("\n")
    return {tier: (lines[n].split() if n < len(lines) else []) for n, tier in enumerate(q.TIERS)}


Row = tuple[int, int, datetime | None, list[Any], Tokens]  # content type, object id, date, page columns


class CongIndex(BaseIndex):
    """The single index: SearchEntry rows plus the FTS5 tables (SQLite) or token texts (PostgreSQL)."""

    def add_items(self, model: type[models.Model], items: Sequence[models.Model]) -> None:
        if not items:
            return
        rows: list[Row] = []
        for obj in items:
            content_type = ContentType.objects.get_for_model(type(obj))
            name = sort_field(type(obj))
            date = getattr(obj, name) if name else None
            rows.append((content_type.pk, int(obj.pk), date, page_columns(obj), document_tokens(obj)))
        with transaction.atomic(), connection.cursor() as cursor:
            existing = self._existing(cursor, rows)
            delta: Counter[str] = Counter()
            for _ct, _obj, _date, columns, per_tier in rows:
                if columns[0] is not False:  # a page that is not live counts for nothing
                    delta.update(readings.units(per_tier))
            delta.subtract(self._old_units(cursor, [entry for entry, _key in existing.values()]))
            if connection.vendor == "postgresql":
                self._write_postgres(cursor, existing, rows)
            else:
                self._write_sqlite(cursor, existing, rows)
            readings.record(cursor, delta)

    @staticmethod
    def _old_units(cursor: Any, entry_ids: list[int]) -> Counter[str]:
        """The reading units (cong.search.readings) the entries counted when they were indexed (not
        for pages that were not live)."""
        found: Counter[str] = Counter()
        if not entry_ids:
            return found
        marks = ", ".join(["%s"] * len(entry_ids))
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT exact_text FROM {ENTRY} WHERE id IN ({marks}) AND live IS NOT FALSE", entry_ids
            )
            for (text,) in cursor.fetchall():
                found.update(readings.units(pg_tokens(text)))
        else:
            cursor.execute(
                f"SELECT t.tokens FROM {FTS_TEXT} t JOIN {ENTRY} e ON t.rowid = e.rank_key "
                f"WHERE e.id IN ({marks}) AND (e.live IS NULL OR e.live)",
                entry_ids,
            )
            for (blob,) in cursor.fetchall():
                found.update(readings.units(unpack_tokens(blob)))
        return found

    @staticmethod
    def _existing(cursor: Any, rows: list[Row]) -> dict[tuple[int, int], tuple[int, int]]:
        """(content type, object id) -> (entry id, rank key) of the rows already indexed."""
        by_type: dict[int, list[int]] = defaultdict(list)
        for content_type_id, object_id, *_ in rows:
            by_type[content_type_id].append(object_id)
        found = {}
        for content_type_id, object_ids in by_type.items():
            cursor.execute(
                f"SELECT object_id, id, rank_key FROM {ENTRY} WHERE content_type_id = %s "
                f"AND object_id IN ({', '.join(['%s'] * len(object_ids))})",
                [content_type_id, *object_ids],
            )
            found.update({(content_type_id, obj): (pk, key) for obj, pk, key in cursor.fetchall()})
        return found

    @staticmethod
    def _write_sqlite(cursor: Any, existing: dict[tuple[int, int], tuple[int, int]], rows: list[Row]) -> None:
        upsert = (
            f"INSERT INTO {ENTRY} (content_type_id, object_id, sort_date, rank_key, live, path, depth) "
            "VALUES (%s, %s, %s, 0, %s, %s, %s) ON CONFLICT (content_type_id, object_id) DO UPDATE SET "
            "sort_date = excluded.sort_date, live = excluded.live, path = excluded.path, "
            "depth = excluded.depth RETURNING id"
        )
        entry_ids, wanted = [], []
        for content_type_id, object_id, date, columns, _tokens in rows:
            cursor.execute(upsert, [content_type_id, object_id, date, *columns])
            entry_id = int(cursor.fetchone()[0])  # the key needs the entry's id
            entry_ids.append(entry_id)
            known = existing.get((content_type_id, object_id))
            wanted.append((rank_key(date, entry_id), known[1] if known else None))
        _delete_fts(cursor, [key for _preferred, key in wanted if key is not None])
        keys = assign_keys(cursor, wanted, entry_ids)
        cursor.executemany(
            f"UPDATE {ENTRY} SET rank_key = %s WHERE id = %s", list(zip(keys, entry_ids, strict=True))
        )
        per_tiers = [row[4] for row in rows]
        cursor.executemany(
            f"INSERT INTO {FTS_TEXT} (rowid, tokens) VALUES (%s, %s)",
            [(key, pack_tokens(per_tier)) for key, per_tier in zip(keys, per_tiers, strict=True)],
        )
        for table, folded in ((FTS_EXACT, False), (FTS_FOLDED, True)):
            cursor.executemany(
                f"INSERT INTO {table} (rowid, a, b, c) VALUES (%s, %s, %s, %s)",
                [(key, *fts_values(per_tier, folded)) for key, per_tier in zip(keys, per_tiers, strict=True)],
            )

    @staticmethod
    def _write_postgres(
        cursor: Any, existing: dict[tuple[int, int], tuple[int, int]], rows: list[Row]
    ) -> None:
        """One INSERT … ON CONFLICT per row, ids of new rows drawn from the sequence first, so each row
        is written once with its rank key (an object indexed twice at the same instant keeps the other
        call's id: only its order among same-second entries is affected)."""
        missing = sum(1 for ct, obj, *_ in rows if (ct, obj) not in existing)
        cursor.execute(
            f"SELECT nextval(pg_get_serial_sequence('{ENTRY}', 'id')) FROM generate_series(1, %s)", [missing]
        )
        new_ids = iter([row[0] for row in cursor.fetchall()])
        entry_ids, wanted = [], []
        for content_type_id, object_id, date, _columns, _tokens in rows:
            known = existing.get((content_type_id, object_id))
            entry_ids.append(known[0] if known else next(new_ids))
            wanted.append((rank_key(date, entry_ids[-1]), known[1] if known else None))
        keys = assign_keys(cursor, wanted, entry_ids)
        values = []
        for (content_type_id, object_id, date, columns, per_tier), entry_id, key in zip(
            rows, entry_ids, keys, strict=True
        ):
            texts = (pg_text(per_tier, False), pg_text(per_tier, True))
            values.append((entry_id, content_type_id, object_id, date, key, *columns, *texts))
        cursor.executemany(
            f"INSERT INTO {ENTRY} (id, content_type_id, object_id, sort_date, rank_key, live, path, depth, "
            f"{', '.join(PG_TEXTS)}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (content_type_id, object_id) DO UPDATE SET "
            + ", ".join(
                f"{name} = excluded.{name}"
                for name in ("sort_date", "rank_key", "live", "path", "depth", *PG_TEXTS)
            ),
            values,
        )

    def delete_item(self, item: models.Model) -> None:
        content_type = ContentType.objects.get_for_model(type(item))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {ENTRY} WHERE content_type_id = %s AND object_id = %s",
                [content_type.pk, item.pk],
            )
            old = self._old_units(cursor, [row[0] for row in cursor.fetchall()])
            readings.record(cursor, Counter({unit: -count for unit, count in old.items()}))
            if connection.vendor == "sqlite":
                cursor.execute(
                    f"SELECT rank_key FROM {ENTRY} WHERE content_type_id = %s AND object_id = %s",
                    [content_type.pk, item.pk],
                )
                _delete_fts(cursor, [row[0] for row in cursor.fetchall()])
            cursor.execute(
                f"DELETE FROM {ENTRY} WHERE content_type_id = %s AND object_id = %s",
                [content_type.pk, item.pk],
            )

    def reset(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            readings.reset(cursor)
            if connection.vendor == "sqlite":
                for table in (FTS_EXACT, FTS_FOLDED):
                    cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")
                cursor.execute(f"DELETE FROM {FTS_TEXT}")
            cursor.execute(f"DELETE FROM {ENTRY}")

    def refresh(self) -> None:
        """Compact the index after a rebuild."""
        with connection.cursor() as cursor:
            readings.compact(cursor)
            if connection.vendor == "sqlite":
                for table in (FTS_EXACT, FTS_FOLDED):
                    cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
        analyze()


def analyze() -> None:
    """Fresh planner statistics for the entries. PostgreSQL chooses by them between a level's GIN index
    and computing the lexemes row by row (about 1 ms a row): with none (a new portal filled before
    autovacuum ran, or autovacuum off) a 40-row demo search took 150 ms instead of 10."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {ENTRY}")


def _delete_fts(cursor: Any, keys: list[int]) -> None:
    """Take rows out of the contentless FTS5 tables: FTS5's 'delete' command with the values that
    were indexed, read back from the text table."""
    if not keys:
        return
    cursor.execute(
        f"SELECT rowid, tokens FROM {FTS_TEXT} WHERE rowid IN ({', '.join(['%s'] * len(keys))})", keys
    )
    stored = [(key, unpack_tokens(blob)) for key, blob in cursor.fetchall()]
    for table, folded in ((FTS_EXACT, False), (FTS_FOLDED, True)):
        cursor.executemany(
            f"INSERT INTO {table} ({table}, rowid, a, b, c) VALUES ('delete', %s, %s, %s, %s)",
            [(key, *fts_values(per_tier, folded)) for key, per_tier in stored],
        )
    cursor.executemany(f"DELETE FROM {FTS_TEXT} WHERE rowid = %s", [(key,) for key, _ in stored])


class CongRebuilder:
    """Empties the index, and on PostgreSQL drops the GIN indexes while rows are loaded: building
    them once at the end is several times faster than updating them row by row."""

    def __init__(self, index: CongIndex) -> None:
        self.index = index

    def start(self) -> CongIndex:
        self.index.reset()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for name in PG_INDEXES:
                    cursor.execute(f"DROP INDEX IF EXISTS search_entry_{name}_gin")
        return self.index

    def finish(self) -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Inside a transaction (a migration, a test) the rows' deferred foreign-key checks
                # must run before an index can be built on the table.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                for name in PG_INDEXES:
                    cursor.execute(pg_index(name))
        self.index.refresh()


def sync_moved_pages(page: models.Model) -> None:
    """After a move, copy the new path and depth of the page and its descendants into their entries
    (treebeard rewrites descendants' paths in SQL, without saving them)."""
    from django.db.models import OuterRef, Subquery
    from wagtail.models import Page

    subtree = Page.objects.filter(path__startswith=page.path)
    source = Page.objects.filter(pk=OuterRef("object_id"))
    SearchEntry.objects.filter(
        content_type_id__in=subtree.values("content_type_id"), object_id__in=subtree.values("pk")
    ).update(
        path=Subquery(source.values("path")[:1]),
        depth=Subquery(source.values("depth")[:1]),
        live=Subquery(source.values("live")[:1]),
    )
