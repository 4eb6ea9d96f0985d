"""``./cong update_index``: rebuild the whole search index, with a progress bar per model.

Replaces Wagtail's command of the same name (cong.search comes first in INSTALLED_APPS) and keeps its
options. Objects are read in primary-key order, `--chunk_size` at a time, without OFFSET.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from modelsearch.backends import get_search_backend
from modelsearch.conf import get_app_config
from modelsearch.index import get_indexed_models
from tqdm import tqdm

DEFAULT_CHUNK_SIZE = 500


class Command(BaseCommand):
    help = "Xây dựng lại toàn bộ chỉ mục tìm kiếm (có thanh tiến trình)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--backend", dest="backend_name", default=None, help="Only this backend")
        parser.add_argument("--schema-only", action="store_true", help="Empty the index, load nothing")
        parser.add_argument("--chunk_size", type=int, default=DEFAULT_CHUNK_SIZE, help="Objects per batch")

    def handle(self, *args: Any, **options: Any) -> None:
        names = (
            [options["backend_name"]]
            if options["backend_name"]
            else list(get_app_config().get_search_backend_config())
        )
        for name in names:
            self.rebuild(name, options["schema_only"], max(1, options["chunk_size"]), options["verbosity"])

    def rebuild(self, name: str, schema_only: bool, chunk_size: int, verbosity: int) -> None:
        backend = get_search_backend(name)
        if not backend.rebuilder_class:
            self.stdout.write(f"{name}: không cần xây dựng lại")
            return
        models = list(get_indexed_models())
        done: set[Any] = set()
        total = 0
        for model in models:
            index = backend.get_index_for_model(model)
            key = index.get_key()
            if key not in done:
                done.add(key)
                rebuilder = backend.rebuilder_class(index)
                index = rebuilder.start()
                try:
                    if not schema_only:
                        for each in models:
                            if backend.get_index_for_model(each).get_key() == key:
                                total += self.add_model(index, each, chunk_size, verbosity)
                finally:
                    rebuilder.finish()
        self.stdout.write(f"{name}: đã lập chỉ mục {total} mục")

    def add_model(self, index: Any, model: Any, chunk_size: int, verbosity: int) -> int:
        queryset = model.get_indexed_objects().order_by("pk")
        count = queryset.count()
        label = f"{model._meta.app_label}.{model.__name__}"
        bar = tqdm(
            total=count,
            desc=label,
            unit=" mục",
            file=getattr(self.stderr, "_out", self.stderr),
            disable=verbosity == 0 or count == 0,
        )
        added, last_pk = 0, None
        while True:
            chunk_qs = queryset if last_pk is None else queryset.filter(pk__gt=last_pk)
            chunk = list(chunk_qs[:chunk_size])
            if not chunk:
                break
            index.add_items(model, chunk)
            added += len(chunk)
            last_pk = chunk[-1].pk
            bar.update(len(chunk))
        bar.close()
        return added
