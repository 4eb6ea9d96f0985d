"""Scheduler state in the database, shared by every host: one row per job run and period (the lock),
and the heartbeat each scheduler process writes."""

from __future__ import annotations

from django.db import models


class JobRun(models.Model):
    """One run of a scheduled job for one period. The unique (job, period) pair is the lock: the
    scheduler that inserts the row runs the job; any other scheduler gets an IntegrityError and skips."""

    job = models.CharField("công việc", max_length=100)
    period = models.CharField("kỳ", max_length=40)
    host = models.CharField("máy", max_length=255)
    started_at = models.DateTimeField("bắt đầu")
    finished_at = models.DateTimeField("kết thúc", null=True, blank=True)
    ok = models.BooleanField("thành công", null=True)
    message = models.TextField("kết quả", blank=True)

    class Meta:
        verbose_name = "lần chạy công việc định kỳ"
        verbose_name_plural = "lần chạy công việc định kỳ"
        constraints = [models.UniqueConstraint(fields=["job", "period"], name="ops_jobrun_once_per_period")]
        indexes = [models.Index(fields=["job", "-started_at"], name="ops_jobrun_job_started")]

    def __str__(self) -> str:
        return f"{self.job} {self.period}"


class Heartbeat(models.Model):
    """The last time a scheduler process on ``host`` was alive."""

    host = models.CharField("máy", max_length=255, primary_key=True)
    seen_at = models.DateTimeField("lần cuối")

    class Meta:
        verbose_name = "nhịp của bộ lập lịch"
        verbose_name_plural = "nhịp của bộ lập lịch"

    def __str__(self) -> str:
        return self.host
