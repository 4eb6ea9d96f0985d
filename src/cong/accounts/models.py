from axes.models import AccessAttempt


class LoginLockout(AccessAttempt):
    """Failed sign-ins as django-axes counts them; here for the permissions of the security page
    (view: see lockouts, delete: unlock), which Quản trị holds."""

    class Meta:
        proxy = True
        verbose_name = "khóa đăng nhập"
        verbose_name_plural = "khóa đăng nhập"
