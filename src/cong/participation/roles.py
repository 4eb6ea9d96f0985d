"""Role names used by this app (the groups are created by migration 0002)."""

ANSWERER = "Cán bộ trả lời"
HEAD = "Trưởng Ban biên tập"
ADMINISTRATOR = "Quản trị"
WORKFLOW = "Duyệt câu trả lời"
APPROVAL_TASK = "Trưởng Ban biên tập phê duyệt"
