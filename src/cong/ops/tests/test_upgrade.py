from __future__ import annotations

import io
from pathlib import Path

from django.core.management import call_command

from cong.ops import backup
from cong.ops.management.commands.upgrade import needs_reindex


def test_upgrade_takes_a_backup_first_and_says_how_to_roll_back(
    kept_transactional_db: None, tmp_path: Path
) -> None:
    out = io.StringIO()
    call_command("upgrade", backup_dir=str(tmp_path), stdout=out)
    text = out.getvalue()
    archive = backup.archives(tmp_path)[0][1]
    assert backup.verify(archive)["engine"] == backup.engine()
    assert "0 migration mới" in text
    assert "không cần xây dựng lại" in text
    assert f"./cong restore {archive} --force" in text


def test_search_migrations_ask_for_a_rebuild(db: None) -> None:
    assert needs_reindex({("search", "0001_initial")}) == ["search.0001_initial"]
    assert needs_reindex({("news", "0001_initial")}) == []
