#!/usr/bin/env python3
"""The load and the checks of bench/faults, which starts everything and injects the faults.

    faults.py setup STATE    creates the run's identity store and its users
    faults.py load STATE     drives the mixed load through the proxy until STATE/stop-load exists
    faults.py check STATE    drives the limits, waits for the outbox, checks, prints the summary;
                             exits 1 when a check fails

STATE is bench/faults' work directory; config.json there says where everything is. Standard
library only. Every request carries its own X-Request-Id, which the service writes into the audit
rows it causes, so each answer can be matched with its rows and its mail. Nothing secret is
written anywhere but STATE, which bench/faults deletes on exit.
"""

import base64
import collections
import concurrent.futures
import email
import email.policy
import http.client
import itertools
import json
import os
import queue
import random
import re
import secrets
import string
import subprocess
import sys
import threading
import time
import urllib.parse

MFA = "/oam/services/rest/auth/api/v1/mfa"
PSWD = "/oam/services/rest/access/api/v1/pswdmanagement"
APP = "faults"
DOMAIN = "faults.test"
LINK_SUBJECT = "Reset your password"
CODE_SUBJECT = "Your verification code"

# The load's mix: weights of the operations the dispatcher starts. Every other code mailed by a
# createOTP is also spent during the load (oam-reset); the rest are left for check 2.
MIX = {"otp-reset": 10, "email-reset": 25, "self-service": 20, "create-otp": 25, "describe-user": 10}
# Operations whose user (and so mail recipient) is used once only.
ONCE = {"email-reset": "email", "self-service": "self", "create-otp": "code"}
# The audit type each operation's success writes.
AUDIT_TYPE = {
    "otp-reset": "PASSWORD_RESET", "email-reset": "PASSWORD_RESET", "limit-admin": "PASSWORD_RESET",
    "self-service": "PASSWORD_RESET_REQUESTED", "limit-self-address": "PASSWORD_RESET_REQUESTED",
    "limit-self-user": "PASSWORD_RESET_REQUESTED",
    "create-otp": "ONE_TIME_CODE_ISSUED", "limit-code": "ONE_TIME_CODE_ISSUED",
    "oam-reset": "PASSWORD_RESET_WITH_CODE", "try-code": "PASSWORD_RESET_WITH_CODE",
    "try-link": "PASSWORD_RESET_CONFIRMED",
}


# Request ids are <run>-<phase letter><number>, unique in the run.
PHASE_LETTER = {"setup": "S", "load": "L", "limits": "M", "tries": "T", "audit": "A"}


def now():
    return time.time()


def new_password():
    # All four character classes, no word of the user's; the policy's minimum is 8.
    body = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(16))
    return "Fx7!" + body + "q2#"


class Config:
    def __init__(self, state):
        self.state = state
        with open(os.path.join(state, "config.json")) as f:
            self.__dict__.update(json.load(f))
        self.targets = {"proxy": self.proxy, "a": self.instances["a"], "b": self.instances["b"]}
        key = f"{self.key_id}:{self.secret}".encode()
        self.authorization = "Basic " + base64.b64encode(key).decode()

    def path(self, name):
        return os.path.join(self.state, name)


class Recorder:
    """Every request and its answer, in memory and in STATE/<file>, one JSON line each."""

    def __init__(self, cfg, file):
        self.cfg = cfg
        self.lock = threading.Lock()
        self.records = []
        self.out = open(cfg.path(file), "a")
        self.seq = itertools.count(1)

    def call(self, phase, op, target, method, path, body=None, auth=True, source=None, user=None,
             timeout=40, extra=None):
        seq = next(self.seq)
        rid = f"{self.cfg.run}-{PHASE_LETTER[phase]}{seq:06d}"
        url = urllib.parse.urlsplit(self.cfg.targets[target])
        headers = {"X-Request-Id": rid, "Connection": "close"}
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode()
        if auth:
            headers["Authorization"] = self.cfg.authorization
        rec = {"rid": rid, "phase": phase, "op": op, "target": target, "method": method,
               "user": user, "started": now(), "status": None, "retry_after": None,
               "served_by": None, "from_service": False, "error": None}
        if extra:
            rec.update(extra)
        answer = None
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout,
                                          source_address=(source, 0) if source else None)
        try:
            conn.request(method, path, body=data, headers=headers)
            resp = conn.getresponse()
            raw = resp.read()
            rec["status"] = resp.status
            rec["retry_after"] = resp.getheader("Retry-After")
            rec["served_by"] = resp.getheader("X-Served-By")
            rec["from_service"] = resp.getheader("X-Request-Id") == rid
            try:
                answer = json.loads(raw) if raw else None
            except ValueError:
                answer = None
        except Exception as ex:  # a connection refused, reset or timed out: no answer at all
            rec["error"] = type(ex).__name__
        finally:
            conn.close()
        rec["ended"] = now()
        if isinstance(answer, dict):
            # Only what the checks need; never a password, and a custom channel's code stays out.
            for k in ("resultCode", "correlationId"):
                if k in answer:
                    rec[k] = answer[k]
            if "minorCode" in answer and not answer.get("minorCode", "").isdigit():
                rec["minorCode"] = answer["minorCode"]
            if "error_code" in answer:
                rec["error_code"] = answer["error_code"]
        with self.lock:
            self.records.append(rec)
            self.out.write(json.dumps(rec) + "\n")
            self.out.flush()
        return rec, answer


def outcome(rec):
    """ok, refused (answered, nothing done) or unknown (cut off: the client cannot know)."""
    status = rec["status"]
    if status is None:
        return "unknown"
    if 200 <= status < 300:
        if "resultCode" in rec and rec["resultCode"] != "0":
            return "refused"
        return "ok"
    if status in (502, 504) and not rec["from_service"]:
        return "unknown"
    return "refused"


class Mails:
    """What the mail server recorded (bench/RecordingMailServer.java), read incrementally."""

    def __init__(self, path):
        self.path = path
        self.offset = 0
        self.lock = threading.Lock()
        self.all = []
        self.by_recipient = collections.defaultdict(list)

    def refresh(self):
        with self.lock:
            if not os.path.exists(self.path):
                return
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                data = f.read()
            end = data.rfind(b"\n")
            if end < 0:
                return
            self.offset += end + 1
            for line in data[:end].split(b"\n"):
                at, recipient, raw = line.decode().split("\t")
                mail = self.parse(int(at) / 1000.0, recipient.lower(), base64.b64decode(raw))
                self.all.append(mail)
                self.by_recipient[mail["to"]].append(mail)

    @staticmethod
    def parse(at, recipient, raw):
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        subject = str(msg["Subject"] or "")
        helo = re.search(r"HELO ([^)]+)\)", str(msg["Received"] or ""))
        body = msg.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
        mail = {"at": at, "to": recipient, "message_id": str(msg["Message-ID"] or ""), "subject": subject,
                "helo": helo.group(1) if helo else "?", "kind": "other"}
        if subject == LINK_SUBJECT:
            m = re.search(r"/reset-password\?token=([A-Za-z0-9_-]+)", text)
            mail["kind"], mail["token"] = "link", m.group(1) if m else None
        elif subject == CODE_SUBJECT:
            m = re.search(r"^\s*(\d{6,10})\s*$", text, re.M)
            mail["kind"], mail["code"] = "code", m.group(1) if m else None
        return mail

    def of(self, recipient, kind):
        with self.lock:
            return [m for m in self.by_recipient.get(recipient, []) if m["kind"] == kind]


def recipient(name):
    return f"{name}@{DOMAIN}"


def with_retry(call, tries=6):
    """A 503 changed nothing (the service's word, and the proxy's when no instance could take it):
    send the same request again after its Retry-After."""
    for _ in range(tries):
        rec, answer = call()
        if rec["status"] != 503:
            break
        time.sleep(min(5.0, float(rec["retry_after"] or 1)))
    return rec, answer


# --------------------------------------------------------------------------------------------
# setup

def setup(cfg):
    rec = Recorder(cfg, "setup.jsonl")
    store_name = f"faults-{cfg.run}"
    r, answer = with_retry(lambda: rec.call("setup", "create-store", "proxy", "POST", "/v1/identity-stores",
                                            {"name": store_name}))
    if r["status"] != 201 and r["status"] != 200:
        sys.exit(f"faults: could not create the identity store: {r['status']} {r['error']}")
    store_id = answer["identity_store_id"]
    # The load runs for the duration, and longer when an instance is slow to come back.
    total = cfg.rate * cfg.duration * 1.5
    weight = sum(MIX.values())

    def size(op):
        return int(total * MIX[op] / weight * 1.3) + 20

    wanted = {"otp": max(10, size("otp-reset") // 5), "email": size("email-reset"), "self": size("self-service"),
              "code": size("create-otp"), "limit-admin": 1, "limit-self-user": 1, "limit-code": 1}
    jobs = [(pool, n) for pool, count in wanted.items() for n in range(count)]
    pools = collections.defaultdict(list)

    def create(job):
        pool, n = job
        name = f"f{cfg.run}-{pool}-{n}"
        body = {"user_name": name}
        if pool not in ("otp", "limit-code"):
            body["emails"] = [{"value": recipient(name), "primary": True}]
        r, answer = with_retry(lambda: rec.call("setup", "create-user", "proxy", "POST",
                                                f"/v1/identity-stores/{store_id}/users", body))
        if r["status"] != 201 and r["status"] != 200:
            raise RuntimeError(f"could not create user {name}: {r['status']} {r['error']}")
        return pool, n, answer["user_id"], name

    with concurrent.futures.ThreadPoolExecutor(4) as pool_executor:
        for pool, n, user_id, name in pool_executor.map(create, jobs):
            pools[pool].append([user_id, name])
    with open(cfg.path("pools.json"), "w") as f:
        json.dump({"store_id": store_id, "store_name": store_name, "pools": pools}, f)
    print(f"faults: identity store {store_name} with {len(jobs)} users", file=sys.stderr)


def read_pools(cfg):
    with open(cfg.path("pools.json")) as f:
        return json.load(f)


# --------------------------------------------------------------------------------------------
# load

def load(cfg):
    p = read_pools(cfg)
    store_id, store_name, pools = p["store_id"], p["store_name"], p["pools"]
    rec = Recorder(cfg, "load.jsonl")
    mails = Mails(cfg.mail_log)
    rng = random.Random(cfg.run)
    next_user = collections.defaultdict(itertools.count)
    addresses = itertools.count(1)
    tasks = queue.Queue()
    stop_file = cfg.path("stop-load")

    def running():
        return not os.path.exists(stop_file)

    skipped = collections.Counter()
    pending_codes = []
    pending_lock = threading.Lock()

    def take(pool):
        n = next(next_user[pool])
        users = pools[pool]
        if pool == "otp":
            return users[n % len(users)]
        return users[n] if n < len(users) else None

    def run(task):
        op = task[0]
        if op == "otp-reset" or op == "describe-user":
            user_id, name = take("otp")
            if op == "otp-reset":
                rec.call("load", op, "proxy", "POST", f"/v1/identity-stores/{store_id}/users/{user_id}/reset-password",
                         {"mode": "OTP"}, user=name)
            else:
                rec.call("load", op, "proxy", "GET", f"/v1/identity-stores/{store_id}/users/{user_id}", user=name)
        elif op == "email-reset":
            user = take("email")
            if user is None:
                skipped[op] += 1
                return
            rec.call("load", op, "proxy", "POST", f"/v1/identity-stores/{store_id}/users/{user[0]}/reset-password",
                     {"mode": "EMAIL"}, user=user[1])
        elif op == "self-service":
            user = take("self")
            if user is None:
                skipped[op] += 1
                return
            # Each request from a loopback address of its own, which HAProxy passes on in
            # X-Forwarded-For: the per-address limit must see these clients, not the proxy.
            n = next(addresses)
            source = f"127.1.{n // 250}.{n % 250 + 2}"
            rec.call("load", op, "proxy", "POST", "/v1/password-resets",
                     {"identity_store_id": store_id, "user_name": user[1]}, auth=False, source=source,
                     user=user[1], extra={"source": source})
        elif op == "create-otp":
            user = take("code")
            if user is None:
                skipped[op] += 1
                return
            r, _ = rec.call("load", op, "proxy", "POST", f"{MFA}/createOTP",
                            {"appName": APP, "deliveryChannel": "email", "userId": user[1], "idStore": store_name},
                            user=user[1])
            if outcome(r) == "ok" and rng.random() < 0.5:
                with pending_lock:
                    pending_codes.append(r)
        elif op == "oam-reset":
            created, code = task[1], task[2]
            name = created["user"]
            rec.call("load", op, "proxy", "POST", f"{PSWD}/PasswordResetRequestsWithOTP/{name}/{store_name}",
                     {"otp": {"appName": APP, "correlationId": created["correlationId"], "otpCode": code,
                              "userId": name}, "password": new_password()},
                     user=name, extra={"correlation": created["correlationId"]})

    def dispatch():
        ops = list(MIX)
        weights = [MIX[o] for o in ops]
        interval = 1.0 / cfg.rate
        due = now()
        while running():
            op = rng.choices(ops, weights)[0]
            # A stalled service must not get the missed ticks as a burst later.
            if tasks.qsize() < 2 * cfg.workers:
                tasks.put((op,))
            else:
                skipped[op] += 1
            due += interval
            time.sleep(max(0.0, due - now()))

    def follow_codes():
        while running():
            mails.refresh()
            with pending_lock:
                waiting = list(pending_codes)
            for created in waiting:
                found = mails.of(recipient(created["user"]), "code")
                if found and found[0].get("code"):
                    with pending_lock:
                        pending_codes.remove(created)
                    tasks.put(("oam-reset", created, found[0]["code"]))
            time.sleep(0.3)

    def work():
        while running():
            try:
                task = tasks.get(timeout=0.2)
            except queue.Empty:
                continue
            run(task)

    threads = [threading.Thread(target=dispatch), threading.Thread(target=follow_codes)]
    threads += [threading.Thread(target=work) for _ in range(cfg.workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with open(cfg.path("load-skipped.json"), "w") as f:
        json.dump(skipped, f)


# --------------------------------------------------------------------------------------------
# check

class Verdicts:
    def __init__(self):
        self.failures = collections.defaultdict(list)
        self.notes = collections.defaultdict(list)

    def fail(self, check, text):
        self.failures[check].append(text)

    def note(self, check, text):
        self.notes[check].append(text)


def read_records(cfg, file):
    out = []
    path = cfg.path(file)
    if os.path.exists(path):
        with open(path) as f:
            out = [json.loads(line) for line in f if line.strip()]
    return out


def read_faults(cfg):
    events = []
    if os.path.exists(cfg.fault_log):
        with open(cfg.fault_log) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2:
                    events.append((float(parts[0]), parts[1], parts[2] if len(parts) > 2 else ""))
    return events


def drive_limits(cfg, rec, p, v):
    """Check 3: each limit driven past its maximum, alternating the two instances directly."""
    store_id, store_name, pools = p["store_id"], p["store_name"], p["pools"]
    lim = cfg.limits
    results = {}

    def expect(name, recs, ok_status, over_status, limit):
        got = [r["status"] for r in recs]
        oks = sum(1 for r in recs if outcome(r) == "ok")
        first = got[:limit]
        rest = recs[limit:]
        # Whether the refusals say when to come back is check 4's.
        good = all(s == ok_status for s in first) and all(r["status"] == over_status for r in rest)
        results[name] = f"{oks}/{len(recs)} accepted, limit {limit}"
        if not good:
            v.fail(3, f"{name}: expected {limit} x {ok_status} then {over_status}, "
                      f"got {' '.join(str(s) for s in got)}")

    # Administrator resets of one user (mode EMAIL), past reset.administrator-resets.max-per-user.
    user_id, name = pools["limit-admin"][0]
    recs = []
    for i in range(lim["admin"] + 2):
        target = "ab"[i % 2]
        r, _ = with_retry(lambda: rec.call("limits", "limit-admin", target, "POST",
                                           f"/v1/identity-stores/{store_id}/users/{user_id}/reset-password",
                                           {"mode": "EMAIL"}, user=name))
        recs.append(r)
    expect("administrator resets per user", recs, 200, 429, lim["admin"])

    # One-time codes of one user (custom channel: no mail), past reset.oam.otp.issue-limit.max-codes.
    user_id, name = pools["limit-code"][0]
    recs = []
    for i in range(lim["codes"] + 2):
        target = "ab"[i % 2]
        r, _ = with_retry(lambda: rec.call("limits", "limit-code", target, "POST", f"{MFA}/createOTP",
                                           {"appName": APP, "deliveryChannel": "custom", "userId": name,
                                            "idStore": store_name}, user=name))
        recs.append(r)
    expect("one-time codes per user", recs, 200, 429, lim["codes"])

    # Self-service requests from one client address, past reset.self-service.per-address.
    source = f"127.2.{random.randint(0, 249)}.{random.randint(2, 250)}"
    recs = []
    for i in range(lim["self_address"] + 2):
        target = "ab"[i % 2]
        r, _ = with_retry(lambda: rec.call("limits", "limit-self-address", target, "POST", "/v1/password-resets",
                                           {"identity_store_id": store_id, "user_name": f"nobody-{cfg.run}"},
                                           auth=False, source=source, extra={"source": source}))
        recs.append(r)
    expect("self-service requests per address", recs, 202, 429, lim["self_address"])

    # Self-service mails to one user, past reset.self-service.per-user: every request gets 202,
    # from an address of its own; the mails are counted once the outbox has drained.
    user_id, name = pools["limit-self-user"][0]
    recs = []
    for i in range(lim["self_user"] + 2):
        target = "ab"[i % 2]
        source = f"127.3.{i // 250}.{i % 250 + 2}"
        r, _ = with_retry(lambda: rec.call("limits", "limit-self-user", target, "POST", "/v1/password-resets",
                                           {"identity_store_id": store_id, "user_name": name}, auth=False,
                                           source=source, user=name, extra={"source": source}))
        recs.append(r)
    if any(r["status"] != 202 for r in recs):
        v.fail(3, "self-service mails per user: every request should get 202, got "
               + " ".join(str(r["status"]) for r in recs))
    return results


def psql(cfg, sql):
    out = subprocess.run(cfg.psql + ["-tAc", sql], capture_output=True, text=True, timeout=30)
    return out.stdout.strip() if out.returncode == 0 else None


def drain(cfg):
    """Waits (bounded) until the outbox holds nothing undelivered and no self-service request
    waits; returns what was still waiting, and how long it took."""
    started = now()
    left = None
    while now() - started < cfg.drain_wait:
        left = psql(cfg, "select (select count(*) from mail_outbox where status in ('PENDING', 'SENDING'))"
                         " || ' ' || (select count(*) from self_service_request)")
        if left == "0 0":
            return None, now() - started
        time.sleep(1)
    return left, now() - started


def check_mails(cfg, p, load_recs, limit_recs, mails, faults, v, stats):
    """Check 1: every accepted request's mail delivered once; none for refused requests; a cut-off
    request's at most once. Copies of one mail (same Message-ID) only where a fault explains them."""
    expected = {}  # recipient -> (kind, outcome, op)
    for r in load_recs:
        if r["op"] in ONCE:
            kind = "code" if r["op"] == "create-otp" else "link"
            expected[recipient(r["user"])] = (kind, outcome(r), r["op"])
    admin_ok = sum(1 for r in limit_recs if r["op"] == "limit-admin" and outcome(r) == "ok")
    self_user = [r for r in limit_recs if r["op"] == "limit-self-user"]
    # The administrator's resets each queued a mail (check 1); the self-service requests past the
    # per-user limit must not have (check 3).
    limit_expect = {recipient(p["pools"]["limit-admin"][0][1]): (1, admin_ok),
                    recipient(p["pools"]["limit-self-user"][0][1]): (3, min(cfg.limits["self_user"], len(self_user)))}
    # A kill -9 from the signal until the kernel had torn the process down.
    kills = [(t, d, next((u for u, e2, d2 in faults if e2 == "dead" and d2 == d and u >= t), t + 5.0))
             for t, e, d in faults if e == "kill-9"]
    stops = [t for t, e, d in faults if e == "smtp-stop"]
    stopped = [t for t, e, d in faults if e == "smtp-stopped"]
    smtp_windows = [(t, next((u for u in stopped if u >= t), t + 5.0)) for t in stops]
    lease = cfg.mail_lease

    def explained(copies):
        first = min(copies, key=lambda m: m["at"])
        for t, instance, dead in kills:
            if first["helo"] == f"instance-{instance}" and t - lease <= first["at"] <= dead + 1.0:
                return f"first sent by instance-{instance} before its kill -9"
        for t, u in smtp_windows:
            if t - 2.0 <= first["at"] <= u + 0.5:
                return "accepted by the mail server as it was stopped"
        return None

    per_op = collections.defaultdict(lambda: [0, 0])  # op -> [mails expected, delivered once]
    seen = set()
    for to, (kind, out, op) in expected.items():
        seen.add(to)
        got = mails.of(to, kind)
        distinct = collections.defaultdict(list)
        for m in got:
            distinct[m["message_id"]].append(m)
        n = len(distinct)
        if out == "ok":
            per_op[op][0] += 1
            if n == 1:
                per_op[op][1] += 1
            else:
                v.fail(1, f"{op} accepted for {to}: {n} different {kind} mails")
        elif out == "refused" and n:
            v.fail(1, f"{op} refused for {to}, yet {n} {kind} mail(s) arrived")
        elif out == "unknown" and n > 1:
            v.fail(1, f"{op} cut off for {to}: {n} different {kind} mails")
        for mid, copies in distinct.items():
            if len(copies) > 1:
                why = explained(copies)
                if why:
                    v.note(1, f"{len(copies) - 1} copy of {mid} to {to}: {why} (at least once, documented)")
                else:
                    v.fail(1, f"{kind} mail {mid} to {to} delivered {len(copies)} times "
                              f"(by {', '.join(m['helo'] for m in copies)})")
    for to, (check, count) in limit_expect.items():
        seen.add(to)
        n = len({m["message_id"] for m in mails.of(to, "link")})
        if n != count:
            v.fail(check, f"limit user {to}: {n} link mails, expected {count}")
        if check == 3:
            stats["self_user_mails"] = f"self-service mails per user: {n} from {len(self_user)} requests, limit {count}"
    for m in mails.all:
        if m["kind"] != "other" and m["to"] not in seen:
            v.fail(1, f"unexpected {m['kind']} mail to {m['to']}")
            seen.add(m["to"])
    stats["mails"] = per_op
    stats["mails_total"] = len(mails.all)


def try_links_and_codes(cfg, rec, p, load_recs, mails, v, stats):
    """Check 2: each link and code used twice, through different instances: once, and only once."""
    store_name = p["store_name"]
    jobs = []
    used_in_load = collections.defaultdict(list)
    for r in load_recs:
        if r["op"] == "oam-reset":
            used_in_load[r["user"]].append(r)
    n = 0
    for r in load_recs:
        if r["op"] not in ONCE or outcome(r) != "ok":
            continue
        kind = "code" if r["op"] == "create-otp" else "link"
        got = {m["message_id"]: m for m in mails.of(recipient(r["user"]), kind)}
        if len(got) != 1:
            continue  # check 1 reports it
        mail = next(iter(got.values()))
        order = ("a", "b") if n % 2 == 0 else ("b", "a")
        n += 1
        if kind == "link":
            jobs.append(("link", r["user"], mail["token"], order, None))
        else:
            earlier = used_in_load[r["user"]]
            jobs.append(("code", r["user"], mail["code"], order, (r["correlationId"], earlier)))

    counts = collections.Counter()
    lock = threading.Lock()

    def attempt(kind, user, secret, target, correlation):
        if kind == "link":
            r, _ = with_retry(lambda: rec.call("tries", "try-link", target, "POST", "/v1/password-resets/confirm",
                                               {"token": secret, "new_password": new_password()}, auth=False,
                                               user=user))
            return r, (r["status"] == 200), (r["status"] == 400)
        r, _ = with_retry(lambda: rec.call("tries", "try-code", target, "POST",
                                           f"{PSWD}/PasswordResetRequestsWithOTP/{user}/{store_name}",
                                           {"otp": {"appName": APP, "correlationId": correlation, "otpCode": secret,
                                                    "userId": user}, "password": new_password()},
                                           user=user, extra={"correlation": correlation}))
        return r, (r["status"] == 200 and r.get("resultCode") == "0"), (
            r["status"] == 422 and r.get("resultCode") == "3")

    def one(job):
        kind, user, secret, order, code_info = job
        correlation = code_info[0] if code_info else None
        earlier = code_info[1] if code_info else []
        spent = [e for e in earlier if outcome(e) == "ok"]
        unknown = [e for e in earlier if outcome(e) == "unknown"]
        if spent:
            # Spent during the load through the proxy: once more, on the other instance.
            other = "b" if spent[0]["served_by"] == "a" else "a"
            r, ok, refused = attempt(kind, user, secret, other, correlation)
            with lock:
                counts[kind, "second refused" if refused else "second not refused"] += 1
                counts[kind, "first ok"] += 1
            if not refused:
                v.fail(2, f"code of {user}, spent during the load on {spent[0]['served_by']}: "
                          f"again on {other} answered {r['status']} {r.get('resultCode', '')}")
            return
        r1, ok1, refused1 = attempt(kind, user, secret, order[0], correlation)
        r2, ok2, refused2 = attempt(kind, user, secret, order[1], correlation)
        with lock:
            counts[kind, "first ok" if ok1 else "first not ok"] += 1
            counts[kind, "second refused" if refused2 else "second not refused"] += 1
        if unknown:
            # The load's try was cut off: it may have spent the code. At most one success, first.
            if ok2 or not (ok1 or refused1):
                v.fail(2, f"code of {user} (a load try cut off): answers {r1['status']}, {r2['status']}")
            return
        if not ok1:
            v.fail(2, f"{kind} of {user}: first use on {order[0]} answered {r1['status']} "
                      f"{r1.get('resultCode', r1.get('error_code', ''))}")
        if not refused2:
            v.fail(2, f"{kind} of {user}: second use on {order[1]} answered {r2['status']} "
                      f"{r2.get('resultCode', r2.get('error_code', ''))}")

    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        list(ex.map(one, jobs))
    stats["tries"] = counts


def audit_rows(cfg, rec, p, since):
    """Success rows (and all rows' request ids) of the run's store, by type, from the audit API."""
    prefix = f"identitystore/{p['store_id']}/"
    rows = []
    for t in sorted(set(AUDIT_TYPE.values())):
        marker = None
        for _ in range(2000):
            query = {"type": t, "from": since, "limit": "100"}
            if marker:
                query["marker"] = marker
            r, answer = with_retry(lambda: rec.call("audit", "audit-read", "a", "GET",
                                                    "/v1/audit-events?" + urllib.parse.urlencode(query)))
            if r["status"] != 200 or not isinstance(answer, dict):
                raise RuntimeError(f"the audit could not be read: {r['status']}")
            for e in answer.get("audit_events", []):
                if (e.get("resource") or "").startswith(prefix):
                    rows.append(e)
            marker = (answer.get("page_info") or {}).get("next_marker")
            if not marker:
                break
    return rows


def check_audit(cfg, rec, p, records, v, stats):
    """Check 5: one success row per success, none for a refusal, at most one for a cut-off."""
    rows = audit_rows(cfg, rec, p, cfg.started_iso)
    successes = collections.Counter()
    for e in rows:
        if e["outcome"] == "SUCCESS":
            successes[e.get("request_id"), e["type"]] += 1
    known = set()
    per_op = collections.defaultdict(lambda: [0, 0])
    self_user_rows = 0
    for r in records:
        t = AUDIT_TYPE.get(r["op"])
        if t is None:
            continue
        known.add((r["rid"], t))
        n = successes.get((r["rid"], t), 0)
        out = outcome(r)
        if r["op"] == "limit-self-address":
            want = (0, 0)  # a user that does not exist: audited, but not as a success
        elif r["op"] == "limit-self-user":
            self_user_rows += n
            want = (0, 1)
        elif out == "ok":
            want = (1, 1)
        elif out == "refused":
            want = (0, 0)
        else:
            want = (0, 1)
        per_op[r["op"]][0] += n
        if want[0] == want[1]:
            per_op[r["op"]][1] += want[0]
        if not want[0] <= n <= want[1]:
            v.fail(5, f"{r['op']} {r['rid']} answered {r['status'] or r['error']}: {n} {t} success rows")
    limit = min(cfg.limits["self_user"], sum(1 for r in records if r["op"] == "limit-self-user"))
    per_op["limit-self-user"][1] = limit
    if self_user_rows != limit:
        v.fail(5, f"self-service mails per user: {self_user_rows} success rows, expected {limit}")
    for (rid, t), n in successes.items():
        if (rid, t) not in known:
            v.fail(5, f"{n} {t} success row(s) with request id {rid}, which no request of the run had")
    stats["audit"] = per_op


def check_answers(records, faults, v, stats):
    """Check 4: 2xx; 4xx from the service (429 with Retry-After); 503 with Retry-After; nothing
    else, except a POST the proxy had sent to an instance that was killed before it answered."""
    # From the kill until the kernel had torn the process down, and its connections with it.
    kills = [(t, next((u for u, e2, d2 in faults if e2 == "dead" and d2 == d and u >= t), t + 5.0))
             for t, e, d in faults if e == "kill-9"]
    cut = 0
    for r in records:
        s = r["status"]
        what = f"{r['op']} {r['rid']} via {r['target']}"
        if s is None:
            v.fail(4, f"{what}: no answer ({r['error']})")
        elif 200 <= s < 300:
            pass
        elif 400 <= s < 500:
            if not r["from_service"]:
                v.fail(4, f"{what}: {s} from the proxy, not the service")
            elif s == 429 and not r["retry_after"]:
                v.fail(4, f"{what}: 429 without Retry-After")
        elif s == 503:
            if not r["retry_after"]:
                v.fail(4, f"{what}: 503 without Retry-After ({'service' if r['from_service'] else 'proxy'})")
        elif s == 502 and not r["from_service"] and r["method"] != "GET" and any(
                r["started"] <= dead + 0.2 and killed <= r["ended"] for killed, dead in kills):
            cut += 1
        else:
            v.fail(4, f"{what}: {s} ({'service' if r['from_service'] else 'proxy'})")
    stats["cut"] = cut


def table(cfg, load_recs, limit_recs, try_recs, stats, limit_results, faults, drained, v, skipped):
    t0 = next((t for t, e, d in faults if e == "load-start"), cfg.started)
    print()
    print(f"Fault run {cfg.run}: 2 instances behind HAProxy ({cfg.haproxy_version}, roundrobin), "
          f"PostgreSQL {cfg.pg_version} (own cluster), GreenMail {cfg.greenmail_version}")
    print(f"Load: {cfg.duration} s at {cfg.rate} requests/s, {cfg.workers} workers; settings: {cfg.settings}")
    timeline = ", ".join(f"{e}{' ' + d if d else ''} at {t - t0:.1f}s" for t, e, d in faults if e != "load-start")
    print(f"Faults: {timeline}")
    left, waited = drained
    print(f"Outbox and self-service queue: {'drained' if left is None else 'NOT drained (' + left + ')'} "
          f"{waited:.0f} s after the load")
    print()
    print("| operation | sent | 2xx | 4xx | 503 + Retry-After | cut off | other | mails once/accepted "
          "| audit successes/expected |")
    print("|---|---|---|---|---|---|---|---|---|")
    by_op = collections.defaultdict(list)
    for r in load_recs + limit_recs + try_recs:
        by_op[r["op"]].append(r)
    order = ["otp-reset", "email-reset", "self-service", "create-otp", "oam-reset", "describe-user",
             "limit-admin", "limit-code", "limit-self-address", "limit-self-user", "try-link", "try-code"]
    for op in order:
        recs = by_op.get(op, [])
        if not recs:
            continue
        c = collections.Counter()
        for r in recs:
            s = r["status"]
            if s is not None and 200 <= s < 300:
                c["2xx"] += 1
            elif s is not None and 400 <= s < 500:
                c["4xx"] += 1
            elif s == 503 and r["retry_after"]:
                c["503"] += 1
            elif outcome(r) == "unknown" and s == 502:
                c["cut"] += 1
            else:
                c["other"] += 1
        m = stats.get("mails", {}).get(op)
        mails = f"{m[1]}/{m[0]}" if m else "-"
        a = stats.get("audit", {}).get(op)
        audit = f"{a[0]}/{a[1]}" if a else "-"
        print(f"| {op} | {len(recs)} | {c['2xx']} | {c['4xx']} | {c['503']} | {c['cut']} | {c['other']} "
              f"| {mails} | {audit} |")
    if skipped:
        print(f"Not sent (the service was stalled, or a pool ran out): {dict(skipped)}")
    tries = stats.get("tries", {})
    print()
    names = {1: "every accepted EMAIL reset, self-service and createOTP mail delivered exactly once",
             2: "every reset link and code usable once and only once, tried on both instances",
             3: "per-user and per-address limits counted across both instances",
             4: "no answer but 2xx, 4xx by design, or 503 with Retry-After",
             5: "one audit success row per success, none for a refusal"}
    details = {1: f"{stats.get('mails_total', 0)} mails recorded",
               2: f"links {tries.get(('link', 'first ok'), 0)} first ok, {tries.get(('link', 'second refused'), 0)} "
                  f"second refused; codes {tries.get(('code', 'first ok'), 0)} first ok, "
                  f"{tries.get(('code', 'second refused'), 0)} second refused",
               3: "; ".join([f"{k}: {val}" for k, val in limit_results.items()]
                            + ([stats["self_user_mails"]] if "self_user_mails" in stats else [])),
               4: f"{stats.get('cut', 0)} POST(s) cut off by the kill -9 (502 from HAProxy; outcome unknown)",
               5: ""}
    for i in range(1, 6):
        status = "FAIL" if v.failures.get(i) else "PASS"
        print(f"[{status}] {i}. {names[i]}{': ' + details[i] if details[i] else ''}")
        for text in v.notes.get(i, [])[:5]:
            print(f"       note: {text}")
        for text in v.failures.get(i, [])[:10]:
            print(f"       {text}")
        if len(v.failures.get(i, [])) > 10:
            print(f"       ... and {len(v.failures[i]) - 10} more")


def check(cfg):
    p = read_pools(cfg)
    v = Verdicts()
    stats = {}
    load_recs = read_records(cfg, "load.jsonl")
    faults = read_faults(cfg)
    rec = Recorder(cfg, "check.jsonl")
    limit_results = drive_limits(cfg, rec, p, v)
    drained = drain(cfg)
    if drained[0] is not None:
        v.fail(1, f"the outbox or the self-service queue did not drain within {cfg.drain_wait} s: {drained[0]}")
    mails = Mails(cfg.mail_log)
    mails.refresh()
    limit_recs = [r for r in rec.records if r["phase"] == "limits"]
    check_mails(cfg, p, load_recs, limit_recs, mails, faults, v, stats)
    try_links_and_codes(cfg, rec, p, load_recs, mails, v, stats)
    try_recs = [r for r in rec.records if r["phase"] == "tries"]
    records = load_recs + limit_recs + try_recs
    check_audit(cfg, rec, p, records, v, stats)
    check_answers(records + [r for r in rec.records if r["phase"] == "audit"], faults, v, stats)
    skipped = {}
    if os.path.exists(cfg.path("load-skipped.json")):
        with open(cfg.path("load-skipped.json")) as f:
            skipped = json.load(f)
    table(cfg, load_recs, limit_recs, try_recs, stats, limit_results, faults, drained, v, skipped)
    return 1 if v.failures else 0


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("setup", "load", "check"):
        sys.exit(__doc__)
    cfg = Config(sys.argv[2])
    if sys.argv[1] == "setup":
        setup(cfg)
    elif sys.argv[1] == "load":
        load(cfg)
    else:
        sys.exit(check(cfg))


if __name__ == "__main__":
    main()
