"""Screenshots for the editor's guide (docs/huong-dan-bien-tap.md), taken in headless Debian Chromium.

Builds a throw-away portal (demo data in a temporary CONG_DATA_DIR, SQLite), adds one member of each
editorial role, serves it on 127.0.0.1:PORT and walks through the editorial workflow in the admin:
write, submit, request changes, approve twice, schedule, unpublish, audit log, language. Every step
is a real click in the admin; only the reporter's draft text is prepared on the command line.

    .venv/bin/python scripts/editorial_screenshots.py [--port 8101] [--out docs/img] [--src src]

Needs Debian's /usr/bin/chromium and the `playwright` Python package (requirements-dev.txt); it never
downloads a browser.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django_otp.oath import totp
from playwright.sync_api import Browser, Locator, Page

from cong.a11y.server import chromium

REPO = Path(__file__).resolve().parents[1]
VIEWPORT = {"width": 1280, "height": 800}
MAX_PNG_BYTES = 300_000
PASSWORD = secrets.token_urlsafe(12)
TOTP_KEY = secrets.token_hex(20)  # every member's authenticator key (the admin asks for a code)
DRAFT_TITLE = "Hải Phòng ra quân tổng vệ sinh môi trường, chào đón năm mới"

# username -> (first name, last name, role)
PEOPLE = {
    "ha.nguyen": ("Nguyễn Thu", "Hà", "Phóng viên"),
    "duc.tran": ("Trần Minh", "Đức", "Biên tập viên"),
    "hung.le": ("Lê Văn", "Hùng", "Trưởng Ban biên tập"),
}

SETUP = """
import json
from django.contrib.auth.models import Group, User
from django_otp.plugins.otp_totp.models import TOTPDevice
from cong.news.models import ArticlePage, CategoryPage

people = json.loads({people!r})
users = {{}}
for username, (first, last, role) in people.items():
    user = User.objects.create_user(username, f"{{username}}@haiphong.gov.vn", {password!r},
                                    first_name=first, last_name=last)
    user.groups.add(Group.objects.get(name=role))
    TOTPDevice.objects.create(user=user, name="screenshots", key={totp_key!r}, confirmed=True)
    users[role] = user
category = CategoryPage.objects.get(slug="thoi-su")
model = ArticlePage.objects.child_of(category).live().order_by("-published_at").first()
draft = ArticlePage(
    title={title!r},
    lede="Sáng nay, hàng nghìn cán bộ, đoàn viên và người dân các quận, huyện đồng loạt ra quân "
         "tổng vệ sinh đường phố, khu dân cư.",
    body=model.body.raw_data,
    byline="Thu Hà",
    source="Haiphong.gov.vn",
    owner=users["Phóng viên"],
    live=False,
)
category.add_child(instance=draft)
draft.save_revision(user=users["Phóng viên"])
later = ArticlePage.objects.child_of(category).live().order_by("-published_at")[1]
print(json.dumps({{"draft": draft.pk, "category": category.pk, "live": model.pk, "later": later.pk}}))
"""


def cong(src: Path, env: dict[str, str], *args: str) -> str:
    """Run a ./cong command against the throw-away data dir and return its output."""
    result = subprocess.run(
        [sys.executable, "-m", "cong.cli", *args],
        env=env,
        cwd=src.parent,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


@contextmanager
def server(src: Path, env: dict[str, str], port: int) -> Iterator[str]:
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "cong.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        cwd=src.parent,
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"{base}/admin/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise RuntimeError("the server did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


class Shots:
    """Saves numbered screenshots and keeps each under MAX_PNG_BYTES."""

    def __init__(self, out: Path) -> None:
        self.out = out
        out.mkdir(parents=True, exist_ok=True)

    def take(self, page: Page, name: str, region: Locator | None = None) -> None:
        """Screenshot the viewport, or only one element of the page."""
        page.wait_for_timeout(400)  # let transitions finish
        path = self.out / f"{name}.png"
        if region is not None:
            region.screenshot(path=str(path))
        else:
            page.screenshot(path=str(path))
        size = path.stat().st_size
        if size > MAX_PNG_BYTES:
            raise RuntimeError(f"{path} is {size} bytes (> {MAX_PNG_BYTES})")
        print(f"  {path.relative_to(REPO) if path.is_relative_to(REPO) else path} ({size // 1024} KB)")


def login(browser: Browser, base: str, username: str) -> Page:
    context = browser.new_context(viewport=VIEWPORT, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/xac-thuc/**")  # the second factor
    page.fill("#id_token", f"{totp(bytes.fromhex(TOTP_KEY)):06d}")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    return page


def open_task_menu(page: Page, base: str, title: str) -> Locator:
    """Open an article's menu in the dashboard's "Đang chờ bạn duyệt" panel; return its row."""
    page.goto(f"{base}/admin/")
    row = page.locator("tr", has_text=title).first
    row.locator("[data-w-dropdown-target=toggle]").click()
    return row


def task_action(page: Page, row: Locator, action: str) -> None:
    """Press a task action in an open menu of the moderation panel.

    action: "reject" (Yêu cầu sửa, opens the comment dialog), "approve" (Phê duyệt) or
    "approve-comment" (Duyệt kèm góp ý, opens the comment dialog).
    """
    name = action.split("-")[0]
    button = row.locator(f'button[data-workflow-action-url*="/{name}/"]')
    if action == "approve":
        button = button.and_(row.locator("button:not([data-launch-modal])"))
    elif action == "approve-comment":
        button = button.and_(row.locator("button[data-launch-modal]"))
    if action == "approve":
        with page.expect_navigation():
            button.click()
    else:
        button.click()
        page.wait_for_selector("textarea[name=comment]")


def submit_dialog(page: Page, action: str) -> None:
    with page.expect_navigation():
        page.locator(f'form[action*="/{action}/"] button[type=submit]').click()


def press_in_footer(page: Page, name: str) -> None:
    """Open the editor's action menu (next to "Lưu nháp") and press one of its buttons."""
    page.locator("footer .w-dropdown__toggle").click()
    with page.expect_navigation():
        page.locator(f"footer button[name={name}]").click()


def walk(browser: Browser, base: str, ids: dict[str, int], shots: Shots) -> None:
    draft_edit = f"{base}/admin/pages/{ids['draft']}/edit/"

    # 1. Log in, write (the reporter's draft) and submit for review.
    anon = browser.new_context(viewport=VIEWPORT, locale="vi-VN").new_page()
    anon.goto(f"{base}/admin/login/")
    shots.take(anon, "01-dang-nhap")
    anon.context.close()

    reporter = login(browser, base, "ha.nguyen")
    reporter.goto(f"{base}/admin/pages/add/news/articlepage/{ids['category']}/")
    reporter.fill("#id_title", "Tin bài mới")
    shots.take(reporter, "02-them-tin-bai")
    reporter.goto(draft_edit)
    shots.take(reporter, "03-trinh-soan-thao")
    reporter.locator("footer .w-dropdown__toggle").click()
    shots.take(reporter, "04-gui-duyet")
    with reporter.expect_navigation():
        reporter.locator("footer button[name=action-submit]").click()

    # 2. The editor requests changes with a comment.
    editor = login(browser, base, "duc.tran")
    row = open_task_menu(editor, base, DRAFT_TITLE)
    shots.take(editor, "05-cho-duyet")
    task_action(editor, row, "reject")
    editor.fill("textarea[name=comment]", "Đề nghị bổ sung số liệu người tham gia và ảnh tại quận Lê Chân.")
    shots.take(editor, "06-yeu-cau-sua")
    submit_dialog(editor, "reject")

    # 3. The reporter reads the comment, edits and resubmits.
    reporter.goto(f"{base}/admin/pages/{ids['draft']}/history/")
    shots.take(reporter, "07-lich-su-gop-y")
    reporter.goto(draft_edit)
    press_in_footer(reporter, "action-submit")

    # 4. The editor approves, then the head of the board approves: the article is published.
    task_action(editor, open_task_menu(editor, base, DRAFT_TITLE), "approve")
    head = login(browser, base, "hung.le")
    head.goto(f"{base}/admin/")  # the dashboard: the draft waits for the head's review
    shots.take(head, "15-bang-dieu-khien")
    task_action(head, open_task_menu(head, base, DRAFT_TITLE), "approve-comment")
    head.fill("textarea[name=comment]", "Đồng ý đăng.")
    shots.take(head, "08-truong-ban-phe-duyet")
    submit_dialog(head, "approve")
    head.goto(f"{base}/admin/pages/{ids['draft']}/workflow_history/")
    with head.expect_navigation():
        head.locator("main table a", has_text="Duyệt tin bài").first.click()
    shots.take(head, "09-tien-trinh-duyet")
    head.goto(f"{base}/admin/pages/{ids['category']}/")
    shots.take(head, "10-da-xuat-ban")

    # 5. Scheduling: the head of the board sets a go-live time in the status panel.
    head.goto(f"{base}/admin/pages/{ids['later']}/edit/")
    head.locator("[data-side-panel-toggle=status]").click()
    head.locator("[data-side-panel=status] button", has_text="lịch").first.click()
    tomorrow = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")) + timedelta(days=1)
    head.locator("#id_go_live_at").fill(tomorrow.replace(hour=7, minute=0).strftime("%Y-%m-%d %H:%M"))
    head.get_by_role("heading", name="Đặt lịch xuất bản").click()  # closes the date picker
    shots.take(head, "11-hen-gio-xuat-ban")

    # 6. Unpublishing ("Gỡ bài").
    head.goto(f"{base}/admin/pages/{ids['live']}/unpublish/")
    shots.take(head, "12-go-bai")

    # 7. The audit log for inspections, with the CSV export.
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    head.goto(
        f"{base}/admin/reports/site-history/?timestamp_from={today - timedelta(days=7)}&timestamp_to={today}"
    )
    head.locator("header [data-w-dropdown-target=toggle]").first.click()
    shots.take(head, "13-nhat-ky-he-thong")

    # 8. The interface language, in the account settings.
    head.goto(f"{base}/admin/account/")
    # From the "Ngôn ngữ" panel down (the avatar upload above it is the browser's own file input).
    language = head.locator("#id_locale-preferred_language").locator("xpath=ancestor::section[1]")
    shots.take(head, "14-ngon-ngu-giao-dien", region=language)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "img")
    parser.add_argument("--src", type=Path, default=REPO / "src", help="the cong source tree to run")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cong-shots-") as data_dir:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
        env.update(
            CONG_DATA_DIR=data_dir,
            PYTHONPATH=str(args.src.resolve()),
            CONG_WORKERS="2",
            CONG_CACHE_PREFIX=f"cong-shots-{os.getpid()}",
        )
        src = args.src.resolve()
        print("demo data ...")
        cong(src, env, "demo", "--no-serve")
        setup = SETUP.format(
            people=json.dumps(PEOPLE), password=PASSWORD, title=DRAFT_TITLE, totp_key=TOTP_KEY
        )
        ids = json.loads(cong(src, env, "shell", "-c", setup).strip().splitlines()[-1])
        print(f"serving on port {args.port} ...")
        with server(src, env, args.port) as base, chromium() as browser:
            try:
                walk(browser, base, ids, Shots(args.out))
            except Exception:
                for n, page in enumerate(pg for c in browser.contexts for pg in c.pages):
                    page.screenshot(path=f"{data_dir}-failed-{n}.png")
                    Path(f"{data_dir}-failed-{n}.html").write_text(page.content())
                print(f"failed; the pages are in {data_dir}-failed-*.png/html", file=sys.stderr)
                raise


if __name__ == "__main__":
    main()
