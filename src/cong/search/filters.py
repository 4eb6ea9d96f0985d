"""Apply a searched queryset's filters to the index entry itself, when that is exact.

``ArticlePage.objects.live().public().descendant_of(category).filter(published_at__gte=…)`` filters on
``live``, ``path``, ``depth``, the primary key, the content type and the model's sort date — all copied
into ``SearchEntry``. ``entry_filter()`` translates such a WHERE clause into SQL on the entry row
(alias ``e``), so counting 100,000 matches needs no join to the pages table. Anything else (another
field, a sub-query, a join through a relation) returns None and the caller applies the queryset as a
sub-query instead: the result is the same, only slower.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, models
from django.db.models.expressions import Col
from django.db.models.lookups import Lookup, YearLookup
from django.db.models.sql.where import NothingNode, WhereNode
from modelsearch.utils import get_descendants_content_types_pks

from cong.search.index import PAGE_COLUMNS, sort_field

SQL = tuple[str, list[Any]]
COMPARISONS = {"exact": "=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


class Unsupported(Exception):
    """This part of the WHERE clause cannot be answered from the entry row."""


def entry_filter(queryset: models.QuerySet) -> SQL | None:
    """SQL on alias ``e`` equivalent to the queryset's WHERE clause, or None."""
    try:
        return _Translator(queryset).node(queryset.query.where)
    except Unsupported:
        return None


class _Translator:
    def __init__(self, queryset: models.QuerySet) -> None:
        self.model = queryset.model
        self.query = queryset.query
        self.parents = {self.model, *self.model._meta.get_parent_list()}
        models_searched = {
            ct.model_class() for ct in _content_types(self.model) if ct.model_class() is not None
        }
        dates = {sort_field(m) for m in models_searched}
        self.sort_field = dates.pop() if len(dates) == 1 else None

    def node(self, node: Any) -> SQL:
        if isinstance(node, NothingNode):
            return "1 = 0", []
        if isinstance(node, WhereNode):
            parts = [self.node(child) for child in node.children]
            if not parts:
                sql, params = "1 = 1", []
            else:
                joiner = f" {node.connector} "
                sql = "(" + joiner.join(p[0] for p in parts) + ")"
                params = [value for p in parts for value in p[1]]
            return (f"NOT {sql}", params) if node.negated else (sql, params)
        if isinstance(node, Lookup):
            return self.lookup(node)
        raise Unsupported(type(node).__name__)

    def column(self, lhs: Any) -> tuple[str, models.Field]:
        """The entry column for a column of the searched model (or a parent page table)."""
        if not isinstance(lhs, Col) or lhs.target.model not in self.parents:
            raise Unsupported("not a plain column")
        field = lhs.target
        if lhs.alias != field.model._meta.db_table:  # the same table reached through a relation
            raise Unsupported("joined table")
        if field.primary_key:
            return "e.object_id", field
        if field.name in PAGE_COLUMNS:
            return f"e.{field.name}", field
        if field.name == "content_type":
            return "e.content_type_id", field
        if field.name == self.sort_field:
            return "e.sort_date", field
        raise Unsupported(field.name)

    def lookup(self, lookup: Lookup) -> SQL:
        if isinstance(lookup, YearLookup):  # published_at__year=2024: a range, as Django itself does
            column, _ = self.column(lookup.lhs.lhs)
            if lookup.lhs.lookup_name != "year" or lookup.lookup_name not in COMPARISONS:
                raise Unsupported("year lookup")
            start, finish = lookup.year_lookup_bounds(connection, lookup.rhs)
            return {
                "exact": (f"{column} BETWEEN %s AND %s", [start, finish]),
                "gt": (f"{column} > %s", [finish]),
                "gte": (f"{column} >= %s", [start]),
                "lt": (f"{column} < %s", [start]),
                "lte": (f"{column} <= %s", [finish]),
            }[lookup.lookup_name]
        column, field = self.column(lookup.lhs)
        name, value = lookup.lookup_name, lookup.rhs
        if hasattr(value, "resolve_expression") or hasattr(value, "as_sql"):
            raise Unsupported("expression value")
        if name == "isnull":
            return f"{column} IS {'' if value else 'NOT '}NULL", []
        if name in COMPARISONS:
            return f"{column} {COMPARISONS[name]} %s", [self.prep(field, value)]
        if name == "in":
            values = [self.prep(field, v) for v in value]
            if not values:
                return "1 = 0", []
            return f"{column} IN ({', '.join(['%s'] * len(values))})", values
        if name == "startswith" and column == "e.path":
            return "substr(e.path, 1, %s) = %s", [len(value), value]
        raise Unsupported(name)

    @staticmethod
    def prep(field: models.Field, value: Any) -> Any:
        if isinstance(value, models.Model):
            value = value.pk
        if isinstance(field, models.ForeignKey):
            field = field.target_field
        return field.get_db_prep_value(field.get_prep_value(value), connection, prepared=True)


def _content_types(model: type[models.Model]) -> list[Any]:
    from django.contrib.contenttypes.models import ContentType

    return [ContentType.objects.get_for_id(pk) for pk in get_descendants_content_types_pks(model)]
