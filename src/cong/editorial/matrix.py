"""docs/roles.md: what each role may do, generated from the roles in the database (``./cong roles_matrix``).

The explanation of the role split is the fixed header below, so that the whole file stays generated.
"""

from __future__ import annotations

from django.utils import translation
from wagtail.models import GroupCollectionPermission, Workflow

from .coverage import ACTIONS, managed_areas, menu_entries, role_users
from .roles import SUPERUSER_ONLY, all_roles

PAGE_ACTIONS = {
    "add": "viết (sửa trang của mình)",
    "change": "sửa mọi trang",
    "publish": "xuất bản, gỡ",
    "lock": "khóa",
    "unlock": "mở khóa",
}
SNIPPET_ACTIONS = {**ACTIONS, "publish": "xuất bản, gỡ"}
COLLECTION_ACTIONS = {**ACTIONS, "choose": "chọn"}

HEADER = """\
# Phân quyền Ban biên tập

<!-- Tệp này được sinh tự động: `./cong roles_matrix > docs/roles.md`. Đừng sửa tay; một phép thử
     báo lỗi khi tệp khác với kết quả của lệnh. Phần giải thích nằm trong src/cong/editorial/matrix.py. -->

Mỗi tài khoản được xếp vào một hoặc nhiều vai trò (nhóm). Quyền của các vai trò được đặt bằng
migration (ứng dụng `editorial` và migration riêng của từng ứng dụng, qua hàm
`cong.editorial.roles.grant`), nên mọi cổng cài mới đều có cùng bảng phân quyền dưới đây. Phép thử
`src/cong/editorial/tests/test_coverage.py` bảo đảm mọi loại nội dung và mọi mục menu quản trị đều có
ít nhất một vai trò dùng được, và mọi mục menu một vai trò nhìn thấy đều mở được với vai trò đó.

## Vì sao chia như vậy

- **Không gì lên cổng khi Trưởng Ban biên tập chưa đồng ý.** Trưởng Ban biên tập chịu trách nhiệm
  về thông tin đăng trên cổng, nên chỉ vai trò này xuất bản, gỡ và xóa — tin bài cũng như văn bản.
- **Văn bản (văn bản quy phạm pháp luật, chỉ đạo điều hành):** Biên tập viên nhập và sửa (thành bản
  nháp), Trưởng Ban biên tập xuất bản, gỡ, xóa. Không lập vai trò riêng "Cán bộ cập nhật văn bản":
  ở hầu hết cơ quan, người cập nhật văn bản lên cổng là cán bộ Văn phòng (văn thư, pháp chế) được cử
  vào Ban biên tập, và một văn bản đăng sai số ký hiệu hay ngày hiệu lực gây hậu quả như một tin
  sai, nên đi cùng quy trình "biên tập viên soạn, trưởng ban duyệt" mà cả Ban đã quen. Cổng nhỏ
  thường chỉ có vài người làm mọi việc; thêm vai trò là thêm việc phân quyền. Cơ quan nào cần người
  *chỉ* nhập văn bản thì thêm một nhóm bằng migration gọi `grant()` với các quyền `documents.*` ở cột
  Biên tập viên. Văn bản nhập bằng `./cong import_documents` (do người vận hành chạy) được xuất bản ngay.
- **Báo cáo** (thống kê truy cập, lịch sử website, văn bản được trích dẫn nhưng chưa có, và các báo
  cáo sau này): Trưởng Ban biên tập và Quản trị. Biên tập viên cũng thấy báo cáo "Văn bản được
  trích dẫn nhưng chưa có" vì đó là danh sách việc của người nhập văn bản. Wagtail chỉ cho xem lịch
  sử của các trang mà người dùng được duyệt cây trang, nên Quản trị có quyền **mở khóa** trang: mở
  khóa một tin bài do người khác khóa (khi họ vắng mặt), xem cây trang và lịch sử — không sửa, không
  xuất bản được.
- **Quản trị** lo phần vận hành: thông tin cổng, tài khoản, banner, chuyển hướng, website, thư mục
  ảnh và tài liệu. Quản trị không sửa, duyệt hay xuất bản nội dung.
- **Cán bộ trả lời** (Hỏi đáp, thêm bằng migration của ứng dụng `participation`): cán bộ của các
  phòng ban / đơn vị trả lời câu hỏi của người dân. Vai trò cho quyền, còn phạm vi là **theo phòng
  ban**: mỗi người chỉ thấy và xử lý câu hỏi của các phòng ban có mình trong danh sách "Cán bộ trả
  lời" (đặt ở từng Phòng ban / đơn vị) và câu hỏi được giao cho mình; soạn câu trả lời và gửi duyệt,
  không tự đăng. Trưởng Ban biên tập thấy mọi câu hỏi và duyệt (đăng) câu trả lời.
- **Chỉ siêu quản trị** (người vận hành kỹ thuật): những gì ở mục cuối, kèm lý do.
"""


def _cell(actions: list[str], labels: dict[str, str]) -> str:
    return ", ".join(labels[a] for a in actions) or "—"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [_row(header), _row(["---"] * len(header)), *(_row(row) for row in rows)]


def _collection_permissions(role: str) -> str:
    rows = (
        GroupCollectionPermission.objects.filter(group__name=role, collection__depth=1)
        .select_related("permission__content_type")
        .order_by("permission__content_type__app_label", "permission__codename")
    )
    by_model: dict[str, list[str]] = {}
    for row in rows:
        action, _, _ = row.permission.codename.partition("_")
        model = row.permission.content_type.model_class()
        name = str(model._meta.verbose_name_plural) if model else row.permission.content_type.model
        by_model.setdefault(name, []).append(COLLECTION_ACTIONS.get(action, action))
    return "; ".join(f"{name}: {', '.join(actions)}" for name, actions in by_model.items()) or "—"


def _workflows() -> list[str]:
    lines = []
    for workflow in Workflow.objects.filter(active=True).order_by("name"):
        steps = []
        for task in workflow.tasks.order_by("workflow_tasks__sort_order"):
            groups = getattr(task.specific, "groups", None)
            names = ", ".join(groups.order_by("name").values_list("name", flat=True)) if groups else ""
            steps.append(f"{task.name} ({names})" if names else task.name)
        lines.append(f"- **{workflow.name}**: " + " → ".join(steps))
    return lines or ["- (không có)"]


def render_matrix() -> str:
    """The whole of docs/roles.md, from the database and Wagtail's registries."""
    with translation.override("vi"), role_users() as users:
        roles = all_roles()
        lines = [HEADER]

        lines.append("## Nội dung và khu vực quản trị\n")
        rows = []
        for area in managed_areas():
            labels = PAGE_ACTIONS if area.kind == "trang" else SNIPPET_ACTIONS
            rows.append(
                [
                    f"{area.name} (`{area.label}`)",
                    area.kind,
                    *(_cell(area.actions(users[r]), labels) for r in roles),
                ]
            )
        lines += _table(["Nội dung", "Loại", *roles], rows)

        lines.append("\n## Ảnh và tài liệu (mọi thư mục)\n")
        lines += _table(["Vai trò", "Được làm"], [[role, _collection_permissions(role)] for role in roles])

        lines.append("\n## Menu quản trị\n")
        seen = {role: {entry.url for entry in menu_entries(users[role])} for role in roles}
        rows = []
        for entry in menu_entries(users[""]):
            marks = ["✓" if entry.url in seen[role] else "—" for role in roles]
            rows.append([entry.label, f"`{entry.url}`", *marks])
        lines += _table(["Mục", "Địa chỉ", *roles], rows)

        lines.append("\n## Quy trình duyệt\n")
        lines += _workflows()

        lines.append("\n## Chỉ siêu quản trị\n")
        for key, reason in SUPERUSER_ONLY.items():
            lines.append(f"- `{key}`: {reason}")
    return "\n".join(lines) + "\n"
