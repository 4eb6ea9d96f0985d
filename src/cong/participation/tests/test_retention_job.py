"""The scheduler runs the personal-data expiry every night (cong.ops job registry)."""

from __future__ import annotations

from typing import Any

from cong.ops import jobs


def test_expiry_is_a_scheduled_job(db: Any) -> None:
    job = jobs.registered()["expire_personal_data"]
    assert job.at is not None and job.every is None
    assert isinstance(job.func(), str)  # runs the real command on an empty database
