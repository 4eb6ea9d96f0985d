"""Cost of linking cited documents in articles (docs/documents.md): parser speed and render times.

    .venv/bin/python bench/documents_linking.py [--rounds 200]

Builds the demo in a throw-away data dir (SQLite, file cache), then renders the Hải Phòng seed article
(three linked citations) through Django's test client with the anonymous page cache off, in three
interleaved modes: linking off (baseline: plain ``include_block``), linking warm (the normal case: one
cache read), and linking cold (documents generation renewed before every render: parse, one documents
query, re-link). Prints medians and ratios to the baseline, and the parser's throughput on the
article's text. The machine is shared: compare ratios, not absolute times.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    os.environ["CONG_DATA_DIR"] = tempfile.mkdtemp(prefix="cong-bench-docs-")
    os.environ["CONG_PAGE_CACHE"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cong.settings_test"  # sets CONG_TESTING itself
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    settings.PAGECACHE_FRAGMENTS = False
    call_command("migrate", verbosity=0)
    from cong.demo.content import build_demo
    from cong.documents import linking
    from cong.documents.citations import find_citations
    from cong.news.models import ArticlePage

    report = build_demo(Path(os.environ["CONG_DATA_DIR"]) / "demo", log=lambda _: None)
    assert report.ok, report.errors
    seed = ArticlePage.objects.get(legacy_url="demo:seed/000_8a31eafaeb81a6bd")
    client = Client()
    url = seed.url
    assert client.get(url).content.decode().count('class="doc-cite"') == 3

    def render() -> float:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200
        return elapsed * 1000

    times: dict[str, list[float]] = {"off": [], "warm": [], "cold": []}
    for _ in range(args.rounds):
        with mock.patch.object(linking, "cached_link_sources", lambda sources, on: {}):
            times["off"].append(render())
        render()  # make sure the cache is warm
        times["warm"].append(render())
        linking.bump_generation()
        times["cold"].append(render())
    base = statistics.median(times["off"])
    for mode, values in times.items():
        median = statistics.median(values)
        print(f"{mode:>5}: median {median:6.2f} ms  ({median / base:.2f}× linking off)")

    text = " ".join(block.value.source for block in seed.body if block.block_type == "text")
    runs = 200
    start = time.perf_counter()
    for _ in range(runs):
        found = find_citations(text)
    elapsed = time.perf_counter() - start
    size = len(text) * runs / 1024 / 1024
    print(f"parser: {len(found)} citations in {len(text)} chars; {size / elapsed:.1f} MB/s")


if __name__ == "__main__":
    main()
