"""The vocabulary of legal documents: kinds, validity statuses, relations and the folding search uses.

Kept apart from the models so that the public views and the citation linker can use it without
importing the models module (which dispatches to those views).
"""

from __future__ import annotations

from django.db import models

from cong.search.normalize import fold


class DocumentType(models.TextChoices):
    HIEN_PHAP = "hien-phap", "Hiến pháp"
    BO_LUAT = "bo-luat", "Bộ luật"
    LUAT = "luat", "Luật"
    PHAP_LENH = "phap-lenh", "Pháp lệnh"
    NGHI_QUYET = "nghi-quyet", "Nghị quyết"
    NGHI_DINH = "nghi-dinh", "Nghị định"
    QUYET_DINH = "quyet-dinh", "Quyết định"
    THONG_TU = "thong-tu", "Thông tư"
    THONG_TU_LIEN_TICH = "thong-tu-lien-tich", "Thông tư liên tịch"
    CHI_THI = "chi-thi", "Chỉ thị"
    KET_LUAN = "ket-luan", "Kết luận"
    QUY_DINH = "quy-dinh", "Quy định"
    KE_HOACH = "ke-hoach", "Kế hoạch"
    CHUONG_TRINH = "chuong-trinh", "Chương trình"
    CONG_VAN = "cong-van", "Công văn"
    THONG_BAO = "thong-bao", "Thông báo"
    HUONG_DAN = "huong-dan", "Hướng dẫn"
    BAO_CAO = "bao-cao", "Báo cáo"
    TO_TRINH = "to-trinh", "Tờ trình"
    KHAC = "khac", "Văn bản khác"


class Status(models.TextChoices):
    """Tình trạng hiệu lực. ``UNKNOWN`` is only ever derived, never chosen."""

    IN_FORCE = "con-hieu-luc", "Còn hiệu lực"
    NOT_YET = "chua-co-hieu-luc", "Chưa có hiệu lực"
    PARTLY_EXPIRED = "het-hieu-luc-mot-phan", "Hết hiệu lực một phần"
    EXPIRED = "het-hieu-luc", "Hết hiệu lực"
    SUSPENDED = "ngung-hieu-luc", "Ngưng hiệu lực"
    REPLACED = "bi-thay-the", "Bị thay thế"
    UNKNOWN = "chua-xac-dinh", "Chưa xác định"


class RelationKind(models.TextChoices):
    REPLACES = "replaces", "Thay thế"
    AMENDS = "amends", "Sửa đổi, bổ sung"
    GUIDES = "guides", "Hướng dẫn thi hành"


# How an incoming relation reads from the other side ("bị thay thế bởi ...").
INCOMING_LABELS = {
    RelationKind.REPLACES: "Bị thay thế bởi",
    RelationKind.AMENDS: "Được sửa đổi, bổ sung bởi",
    RelationKind.GUIDES: "Được hướng dẫn bởi",
}


def fold_text(text: str) -> str:
    """Accent-free lower-case text with single spaces: what search matches against."""
    return " ".join(fold(text).split())
