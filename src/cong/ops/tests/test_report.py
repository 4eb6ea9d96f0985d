from __future__ import annotations

from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.utils import timezone

from cong.ops import jobs
from cong.ops.models import JobRun


def _user(name: str, group: str) -> Client:
    user = User.objects.create_user(name, password="x-password-123")
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


def test_quan_tri_sees_the_operations_report(db: None) -> None:
    now = timezone.now()
    JobRun.objects.create(
        job="backup", period="d", host="web-1", started_at=now, finished_at=now, ok=False, message="Lỗi ổ đĩa"
    )
    jobs.beat(host="web-1")
    client = _user("admin1", "Quản trị")
    response = client.get("/admin/van-hanh/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Công việc định kỳ" in html and "Lỗi ổ đĩa" in html and "web-1" in html
    assert "publish_scheduled" in html
    assert "/admin/van-hanh/" in client.get("/admin/reports/site-history/").content.decode()


def test_other_roles_are_refused(db: None) -> None:
    assert Permission.objects.filter(group__name="Quản trị", codename="view_jobrun").exists()
    client = _user("pv1", "Phóng viên")
    assert client.get("/admin/van-hanh/").status_code in (302, 403)
    assert Client().get("/admin/van-hanh/").status_code == 302  # anonymous: to the login page
