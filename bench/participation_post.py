"""Load on the question form's POST endpoint (docs/participation.md): only 2xx/3xx/4xx, never 5xx.

    .venv/bin/python bench/participation_post.py [--connections 16] [--duration 8] [--valid 12]
                                                 [--redis redis://127.0.0.1:6379/0]

Builds a throw-away portal (SQLite, the demo's fields) and serves it with ``cong serve`` (2 workers) on a
free loopback port, behind a pretend proxy header (CONG_STATS_IP_HEADER=HTTP_X_REAL_IP). It solves a
few real proof-of-work challenges (production difficulty) beforehand, then runs wrk twice:

1. "one client": every request from one address: valid posts, their replays, forged and missing proofs
   of work. The burst must be cut off by the rate limit (429).
2. "many clients": 2,000 addresses, the same mix: mostly 400 (refused proof of work), each valid
   payload accepted once (303) and refused when replayed.

It prints the status counts of each run, checks that the questions stored equal the 303s and that the
server log has no traceback. Bounded: two runs of --duration seconds (at most 10).

Without --redis the shared cache is the file cache (its counter is not atomic: a burst may get one or two
posts past the limit); with --redis the server uses that Redis under a throw-away key prefix, as in
production, and the limit is exact.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

SETUP = """
import django
django.setup()
from cong.participation.demo import build_demo_participation
from cong.participation.models import QuestionField
build_demo_participation()
print(QuestionField.objects.order_by("pk").first().pk)
"""

COUNT = """
import django
django.setup()
from cong.participation.models import Question
print(Question.objects.filter(title__startswith="Đo tải").count())
"""

LUA = r"""
local bodies = {%(bodies)s}
local spread = %(spread)d
local threads = {}
counter = 0
statuses = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  counter = tonumber(id) * 7919
end

function request()
  counter = counter + 1
  local body = bodies[(counter %% #bodies) + 1]
  local ip = "10.1.0.1"
  if spread > 1 then
    local n = counter %% spread
    ip = "10.2." .. math.floor(n / 250) .. "." .. (n %% 250)
  end
  return wrk.format("POST", "/hoi-dap/gui-cau-hoi/", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-Real-IP"] = ip,
    ["Origin"] = "http://" .. wrk.host .. ":" .. wrk.port,
  }, body)
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
  local parts = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for code, n in pairs(counts) do
      table.insert(parts, string.format("%%s=%%d", code, n))
    end
  end
  io.write("STATUSES " .. table.concat(parts, ",") .. "\n")
  io.write(string.format("LATENCY p50=%%.1fms p99=%%.1fms\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(env: dict[str, str], code: str) -> str:
    result = subprocess.run(
        [PYTHON, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=env["CONG_DATA_DIR"]
    )
    return result.stdout.strip()


def solve(base_url: str, address: str) -> str:
    from altcha import Challenge, Payload, solve_challenge

    request = urllib.request.Request(base_url + "/altcha/challenge/", headers={"X-Real-IP": address})
    with urllib.request.urlopen(request, timeout=10) as response:
        challenge = Challenge.from_dict(json.loads(response.read()))
    solution = solve_challenge(challenge)
    assert solution is not None
    return Payload(challenge, solution).to_base64()


def form_body(field_id: int, altcha: str | None, n: int) -> str:
    data = {
        "field": str(field_id),
        "title": f"Đo tải số {n}",
        "body": "Câu hỏi gửi trong lúc đo tải.",
        "name": "Người đo tải",
        "email": "do-tai@example.com",
        "consent": "on",
    }
    if altcha is not None:
        data["altcha"] = altcha
    return urllib.parse.urlencode(data)


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrk(
    base_url: str, bodies: list[str], spread: int, connections: int, duration: int, workdir: Path
) -> dict[str, Any]:
    script = workdir / f"post-{spread}.lua"
    script.write_text(LUA % {"bodies": ",".join(lua_string(b) for b in bodies), "spread": spread})
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "-s", str(script), base_url + "/"],
        capture_output=True,
        text=True,
        timeout=duration + 30,
        check=True,
    )
    statuses: dict[str, int] = {}
    latency = ""
    for line in result.stdout.splitlines():
        if line.startswith("STATUSES "):
            for part in filter(None, line.split(" ", 1)[1].split(",")):
                code, n = part.split("=")
                statuses[code] = statuses.get(code, 0) + int(n)
        elif line.startswith("LATENCY "):
            latency = line.split(" ", 1)[1]
        elif "Requests/sec" in line:
            latency += f" rps={line.split()[-1]}"
    return {"statuses": dict(sorted(statuses.items())), "latency": latency}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--valid", type=int, default=12, help="real solved payloads per run")
    parser.add_argument("--redis", default="", help="shared cache in this Redis (else the file cache)")
    args = parser.parse_args()
    duration = min(args.duration, 10)
    workdir = Path(tempfile.mkdtemp(prefix="cong-bench-qa-"))
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        CONG_DATA_DIR=str(workdir),
        CONG_SECRET_KEY="bench-" + os.urandom(16).hex(),
        CONG_STATS_IP_HEADER="HTTP_X_REAL_IP",
        CONG_WORKERS="2",
        DJANGO_SETTINGS_MODULE="cong.settings",
        PYTHONPATH=str(ROOT / "src"),
    )
    if args.redis:
        env.update(REDIS_URL=args.redis, CONG_CACHE_PREFIX="bench-" + os.urandom(6).hex())
    server = None
    try:
        print("[1/4] Tạo CSDL và lĩnh vực mẫu ...", flush=True)
        subprocess.run([PYTHON, "-m", "cong.cli", "migrate", "-v0"], env=env, cwd=workdir, check=True)
        field_id = int(run(env, SETUP).splitlines()[-1])
        log = (workdir / "server.log").open("wb")
        server = subprocess.Popen(
            [PYTHON, "-m", "cong.cli", "serve", "--port", str(port)],
            env=env,
            cwd=workdir,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base_url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(base_url + "/hoi-dap/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        results = {}
        total_303 = 0
        for run_no, (name, spread) in enumerate((("one client", 1), ("many clients", 2000)), start=2):
            print(
                f"[{run_no}/4] Giải {args.valid} bài chống gửi tự động, rồi wrk {duration}s: {name} ...",
                flush=True,
            )
            valid = [form_body(field_id, solve(base_url, f"10.3.0.{n}"), n) for n in range(args.valid)]
            forged = [form_body(field_id, "eyJmb28iOiAxfQ==", 1000), form_body(field_id, None, 1001)]
            result = wrk(base_url, valid + forged * 3, spread, args.connections, duration, workdir)
            results[name] = result
            total_303 += result["statuses"].get("303", 0)
            print(f"      {result['statuses']}  {result['latency']}", flush=True)
        stored = int(run(env, COUNT).splitlines()[-1])
        server_log = (workdir / "server.log").read_text(errors="replace")
        five = sum(n for r in results.values() for code, n in r["statuses"].items() if code.startswith("5"))
        print("[4/4] Kết quả")
        print(
            f"      5xx: {five}; câu hỏi lưu: {stored}; phản hồi 303: {total_303}; traceback: {'Traceback' in server_log}"
        )
        ok = five == 0 and stored == total_303 and "Traceback" not in server_log
        one = results["one client"]["statuses"]
        print(f"      429 của một khách: {one.get('429', 0)}/{sum(one.values())}")
        ok = ok and one.get("429", 0) > 0
        print("      ĐẠT" if ok else "      KHÔNG ĐẠT")
        if not ok:
            sys.exit(1)
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=15)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
