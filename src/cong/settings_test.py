"""Settings for the test suite: the production settings with a throw-away data dir."""

import os
import tempfile

os.environ["CONG_TESTING"] = "1"
if os.environ.get("PYTEST_XDIST_WORKER"):
    # pytest -n: each worker gets its own data dir and cache prefix (the environment is inherited from
    # the controller); otherwise one worker's cache clearing empties the other's cache mid-test.
    os.environ["CONG_DATA_DIR"] = tempfile.mkdtemp(prefix=f"cong-test-{os.environ['PYTEST_XDIST_WORKER']}-")
    os.environ["CONG_CACHE_PREFIX"] = f"cong-test-{os.getpid()}"
os.environ.setdefault("CONG_DATA_DIR", tempfile.mkdtemp(prefix="cong-test-"))
os.environ.setdefault("CONG_CACHE_PREFIX", f"cong-test-{os.getpid()}")

from cong.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Django's test client sends "Host: testserver"; production's default list does not have it.
if "testserver" not in ALLOWED_HOSTS:  # noqa: F405
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # noqa: F405

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not :memory:, so the test database runs in WAL mode like production and can be
    # shared with a live server thread or process.
    DATABASES["default"]["TEST"] = {"NAME": DATA_DIR / "test.sqlite3"}  # noqa: F405

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 (WhiteNoise warns when it is missing)

# Tests log in with force_login or a password alone; only the two-factor tests turn this off. Honoured only
# when TESTING is on (cong.accounts.twofactor), never read from the environment.
TWO_FACTOR_SKIP_FOR_TESTS = True
