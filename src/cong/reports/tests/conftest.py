"""Fixtures of the reports' tests: the editorial roles' logged-in clients (cong.editorial's fixtures)."""

from cong.editorial.tests.conftest import as_role, category, make_user  # noqa: F401
