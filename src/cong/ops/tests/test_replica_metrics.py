"""/metrics shows each database replica's lag as this host's router sees it (docs/scaling.md)."""

from __future__ import annotations

import time

import pytest

from cong.core import replicas
from cong.ops.metrics import ReplicaCollector


def test_metrics_show_each_replicas_lag(monkeypatch: pytest.MonkeyPatch) -> None:
    assert list(ReplicaCollector().collect()) == []  # no replicas configured: nothing shown
    monkeypatch.setattr(replicas, "replica_aliases", lambda: ["replica1"])
    state = replicas.ReplicaState(checked=time.monotonic(), lag=0.5, position=1)
    monkeypatch.setattr(replicas, "_states", {"replica1": state})
    monkeypatch.setattr(replicas, "REPLICA_CHECK_SECONDS", 3600.0)
    samples = {s.name: s.value for family in ReplicaCollector().collect() for s in family.samples}
    assert samples == {"cong_db_replica_up": 1.0, "cong_db_replica_lag_seconds": 0.5}
    state.down_until = time.monotonic() + 60
    samples = {s.name: s.value for family in ReplicaCollector().collect() for s in family.samples}
    assert samples == {"cong_db_replica_up": 0.0}
