#!/usr/bin/python3
"""REST steps of the local OpenStack undercloud (openstack-up.sh / openstack-check.sh), Python standard library only.

  openstack_api.py catalog   STATE   service project/users, services and endpoints, the non-admin project/user
  openstack_api.py resources STATE   flavors m1.tiny and huge, the tiny image; fills flavors/image into openstack.json
  openstack_api.py check     STATE   end-to-end checks of the running stack; exit status 0 only when all pass

STATE is the stack's state dir; its openstack.json (written by openstack-up.sh) names the endpoints and users.
The service users' password comes from the environment (OPENSTACK_SERVICE_PASSWORD), never from arguments.
Every step is idempotent (get-or-create). Passwords are never printed.
"""
import json
import os
import sys
import time
import urllib.error
import urllib.request

COMPUTE_MICROVERSION = "compute 2.37"  # with "networks": "none"; 2.37+ without networks (i.e. "auto") fails
TINY_IMAGE_BYTES = b"cloudrig tiny raw image\n"


class HttpError(Exception):
    def __init__(self, method, url, status, body):
        super().__init__(f"{method} {url} -> HTTP {status}: {body[:400]}")
        self.status = status


def request(method, url, token=None, body=None, headers=None, raw=None, timeout=30):
    """(status, parsed JSON or None, response headers); raises HttpError for status >= 400."""
    h = {"Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    if raw is not None:
        data = raw
        h["Content-Type"] = "application/octet-stream"
    if token:
        h["X-Auth-Token"] = token
    h.update(headers or {})
    req = urllib.request.Request(url, data=data, headers=h, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            text = r.read().decode() or ""
            return r.status, (json.loads(text) if text.strip().startswith(("{", "[")) else None), r.headers
    except urllib.error.HTTPError as e:
        raise HttpError(method, url, e.code, e.read().decode(errors="replace")) from None


def token_for(auth_url, user):
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": user["username"], "domain": {"name": user.get("user_domain_name", "Default")},
        "password": user["password"]}}},
        "scope": {"project": {"name": user["project_name"],
                              "domain": {"name": user.get("project_domain_name", "Default")}}}}}
    status, doc, headers = request("POST", auth_url.rstrip("/") + "/auth/tokens", body=body)
    return headers["X-Subject-Token"], doc["token"]


class Keystone:
    def __init__(self, cfg):
        self.url = cfg["auth_url"].rstrip("/")
        self.token, _ = token_for(cfg["auth_url"], cfg["admin"])

    def get(self, path):
        return request("GET", self.url + path, self.token)[1]

    def post(self, path, body):
        return request("POST", self.url + path, self.token, body)[1]

    def patch(self, path, body):
        return request("PATCH", self.url + path, self.token, body)[1]

    def put(self, path):
        request("PUT", self.url + path, self.token)

    def one(self, collection, key, path, create, **match):
        """The single item of `collection` whose fields equal `match`, created with body `create` when absent."""
        items = [i for i in self.get(path)[collection] if all(i.get(k) == v for k, v in match.items())]
        if items:
            return items[0]
        return self.post("/" + collection, {key: create})[key]


def load(state):
    with open(os.path.join(state, "openstack.json")) as f:
        return json.load(f)


def save(state, cfg):
    path = os.path.join(state, "openstack.json")
    tmp = path + ".tmp"
    with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
        json.dump(cfg, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)


# --- catalog ------------------------------------------------------------------------------------------------
SERVICES = [  # (user and service name, service type, endpoint key in openstack.json)
    ("nova", "compute", "compute"),
    ("placement", "placement", "placement"),
    ("glance", "image", "image"),
    ("neutron", "network", "network"),
]


def catalog(state):
    cfg = load(state)
    service_password = os.environ.get("OPENSTACK_SERVICE_PASSWORD")
    if not service_password:
        sys.exit("catalog: OPENSTACK_SERVICE_PASSWORD is not set")
    ks = Keystone(cfg)
    region = cfg["region_name"]
    domain = "default"
    roles = {r["name"]: r["id"] for r in ks.get("/roles")["roles"]}
    for needed in ("admin", "member", "reader", "service"):
        if needed not in roles:
            roles[needed] = ks.post("/roles", {"role": {"name": needed}})["role"]["id"]

    def project(name, description):
        return ks.one("projects", "project", f"/projects?name={name}&domain_id={domain}",
                      {"name": name, "domain_id": domain, "description": description}, name=name)

    def user(name, password, project_id, role_names):
        u = ks.one("users", "user", f"/users?name={name}&domain_id={domain}",
                   {"name": name, "domain_id": domain, "password": password,
                    "default_project_id": project_id}, name=name)
        ks.patch(f"/users/{u['id']}", {"user": {"password": password, "enabled": True}})
        for r in role_names:
            ks.put(f"/projects/{project_id}/users/{u['id']}/roles/{roles[r]}")
        return u

    service_project = project("service", "OpenStack service users (cloudrig test undercloud)")
    for name, stype, key in SERVICES:
        # "service": the role a service token must carry where service_token_roles_required = true (nova-api
        # forwards its own token as X-Service-Token with the user's token to neutron, glance, placement)
        user(name, service_password, service_project["id"], ["admin", "service"])
        svc = ks.one("services", "service", f"/services?type={stype}",
                     {"name": name, "type": stype, "enabled": True}, type=stype)
        url = cfg["endpoints"][key]
        existing = ks.get(f"/endpoints?service_id={svc['id']}")["endpoints"]
        for interface in ("public", "internal", "admin"):
            mine = [e for e in existing if e["interface"] == interface and e.get("region_id") == region]
            if not mine:
                ks.post("/endpoints", {"endpoint": {"service_id": svc["id"], "interface": interface,
                                                    "region_id": region, "url": url, "enabled": True}})
            elif mine[0]["url"] != url:
                ks.patch(f"/endpoints/{mine[0]['id']}", {"endpoint": {"url": url}})
    for u in cfg.get("users", []):
        p = project(u["project_name"], "non-admin project of the cloudrig test undercloud")
        user(u["username"], u["password"], p["id"], ["member", "reader"])
        u["project_id"] = p["id"]
    admin_project = ks.get(f"/projects?name={cfg['admin']['project_name']}&domain_id={domain}")["projects"][0]
    cfg["admin"]["project_id"] = admin_project["id"]
    save(state, cfg)
    print(f"catalog: service project, {len(SERVICES)} services with public/internal/admin endpoints, "
          f"{len(cfg.get('users', []))} non-admin user(s)")


# --- resources ------------------------------------------------------------------------------------------------
def resources(state):
    cfg = load(state)
    token, _ = token_for(cfg["auth_url"], cfg["admin"])
    nova = cfg["endpoints"]["compute"].rstrip("/")
    glance = cfg["endpoints"]["image"].rstrip("/")
    placement = cfg["endpoints"]["placement"].rstrip("/")
    mv = {"OpenStack-API-Version": COMPUTE_MICROVERSION, "X-OpenStack-Nova-API-Version": "2.37"}

    # what the fake driver reports: one resource provider per compute host, max_unit = the host's total
    prov = request("GET", f"{placement}/resource_providers?name={cfg['compute_host']}", token,
                   headers={"OpenStack-API-Version": "placement 1.10"})[1]["resource_providers"]
    if not prov:
        sys.exit(f"resources: no resource provider named {cfg['compute_host']} in placement yet")
    inv = request("GET", f"{placement}/resource_providers/{prov[0]['uuid']}/inventories", token,
                  headers={"OpenStack-API-Version": "placement 1.10"})[1]["inventories"]
    host = {rc: {"total": i["total"], "max_unit": i["max_unit"], "allocation_ratio": i["allocation_ratio"]}
            for rc, i in inv.items()}
    cfg["compute_inventory"] = host

    flavors = {f["name"]: f for f in
               request("GET", f"{nova}/flavors/detail?is_public=None", token, headers=mv)[1]["flavors"]}
    # huge: more vCPU and RAM than one unit of the fake host can give (max_unit), so placement has no
    # allocation candidate: the scheduler answers NoValidHost and the server ends in ERROR with a fault.
    wanted = {
        "tiny": {"name": "m1.tiny", "vcpus": 1, "ram": 512, "disk": 1},
        "huge": {"name": "huge", "vcpus": host["VCPU"]["max_unit"] * 2,
                 "ram": host["MEMORY_MB"]["max_unit"] * 2, "disk": 1},
    }
    out = {}
    for key, want in wanted.items():
        f = flavors.get(want["name"])
        if f and (f["vcpus"], f["ram"], f["disk"]) != (want["vcpus"], want["ram"], want["disk"]):
            request("DELETE", f"{nova}/flavors/{f['id']}", token, headers=mv)
            f = None
        if not f:
            f = request("POST", f"{nova}/flavors", token, {"flavor": dict(want, **{"os-flavor-access:is_public": True})},
                        headers=mv)[1]["flavor"]
        out[key] = {"id": f["id"], "name": f["name"], "vcpus": f["vcpus"], "ram": f["ram"], "disk": f["disk"]}
    cfg["flavors"] = out

    name = "cloudrig-tiny"
    images = request("GET", f"{glance}/v2/images?name={name}", token)[1]["images"]
    image = next((i for i in images if i["status"] == "active"), None)
    for i in images:
        if image is None or i["id"] != image["id"]:
            request("DELETE", f"{glance}/v2/images/{i['id']}", token)
    if image is None:
        image = request("POST", f"{glance}/v2/images", token, {
            "name": name, "disk_format": "raw", "container_format": "bare", "visibility": "public",
            "min_disk": 0, "min_ram": 0})[1]
        request("PUT", f"{glance}/v2/images/{image['id']}/file", token, raw=TINY_IMAGE_BYTES)
        image = request("GET", f"{glance}/v2/images/{image['id']}", token)[1]
        if image["status"] != "active":
            sys.exit(f"resources: image {image['id']} is {image['status']} after upload, expected active")
    cfg["image"] = {"id": image["id"], "name": name, "size": image["size"], "disk_format": "raw",
                    "container_format": "bare"}
    save(state, cfg)
    names = ", ".join("%s (%s)" % (v["name"], v["id"]) for v in out.values())
    print(f"resources: flavors {names}; "
          f"image {name} ({image['id']}, {image['size']} bytes); "
          f"fake host VCPU max_unit {host['VCPU']['max_unit']}, MEMORY_MB max_unit {host['MEMORY_MB']['max_unit']}")


# --- check ----------------------------------------------------------------------------------------------------
class Checks:
    def __init__(self):
        self.failed = 0
        self.passed = 0

    def run(self, name, fn):
        t0 = time.monotonic()
        try:
            detail = fn()
            self.passed += 1
            print(f"PASS {name} ({time.monotonic() - t0:.1f} s){': ' + detail if detail else ''}", flush=True)
        except Exception as e:  # report and go on with the next check
            self.failed += 1
            print(f"FAIL {name} ({time.monotonic() - t0:.1f} s): {e}", flush=True)


def wait_for(what, fn, timeout, interval=0.3):
    deadline = time.monotonic() + timeout
    while True:
        result = fn()
        if result is not None:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not reached within {timeout} s")
        time.sleep(interval)


def check(state):
    cfg = load(state)
    nova = cfg["endpoints"]["compute"].rstrip("/")
    glance = cfg["endpoints"]["image"].rstrip("/")
    neutron = cfg["endpoints"]["network"].rstrip("/")
    mv = {"OpenStack-API-Version": COMPUTE_MICROVERSION, "X-OpenStack-Nova-API-Version": "2.37"}
    ctx = {}
    checks = Checks()
    timeout = float(os.environ.get("OPENSTACK_CHECK_TIMEOUT", "120"))

    def admin_token():
        ctx["token"], tok = token_for(cfg["auth_url"], cfg["admin"])
        types = sorted({s["type"] for s in tok["catalog"]})
        for t in ("compute", "identity", "image", "network", "placement"):
            if t not in types:
                raise AssertionError(f"service type {t} missing from the catalog {types}")
        return "catalog " + ", ".join(types)

    def user_token():
        if not cfg.get("users"):
            return "no non-admin user configured"
        u = cfg["users"][0]
        t, _ = token_for(cfg["auth_url"], u)
        servers = request("GET", f"{nova}/servers", t, headers=mv)[1]["servers"]
        return f"{u['username']}@{u['project_name']} token, GET /servers -> {len(servers)} server(s)"

    def server_state(sid):
        def poll():
            try:
                s = request("GET", f"{nova}/servers/{sid}", ctx["token"], headers=mv)[1]["server"]
            except HttpError as e:
                if e.status == 404:
                    return None
                raise
            return s if s["status"] in ("ACTIVE", "ERROR") else None
        return poll

    def gone(sid):
        def poll():
            try:
                request("GET", f"{nova}/servers/{sid}", ctx["token"], headers=mv)
                return None
            except HttpError as e:
                if e.status == 404:
                    return True
                raise
        return poll

    def boot(flavor, name):
        body = {"server": {"name": name, "imageRef": cfg["image"]["id"], "flavorRef": cfg["flavors"][flavor]["id"],
                           "networks": "none"}}
        return request("POST", f"{nova}/servers", ctx["token"], body, headers=mv)[1]["server"]["id"]

    def boot_active():
        t0 = time.monotonic()
        sid = boot("tiny", "cloudrig-check-tiny")
        ctx["active"] = sid
        s = wait_for(f"server {sid} ACTIVE or ERROR", server_state(sid), timeout)
        if s["status"] != "ACTIVE":
            raise AssertionError(f"server {sid} is {s['status']}, fault {s.get('fault')}")
        return f"{sid} ACTIVE after {time.monotonic() - t0:.1f} s on {s.get('OS-EXT-SRV-ATTR:host')}"

    def delete_404():
        sid = ctx.pop("active")
        t0 = time.monotonic()
        request("DELETE", f"{nova}/servers/{sid}", ctx["token"], headers=mv)
        wait_for(f"server {sid} 404", gone(sid), timeout)
        return f"{sid} 404 after {time.monotonic() - t0:.1f} s"

    def boot_error():
        sid = boot("huge", "cloudrig-check-huge")
        ctx["error"] = sid
        s = wait_for(f"server {sid} ERROR", server_state(sid), timeout)
        if s["status"] != "ERROR":
            raise AssertionError(f"server {sid} of flavor huge is {s['status']}, expected ERROR")
        fault = s.get("fault") or {}
        if not fault.get("message"):
            raise AssertionError(f"server {sid} is ERROR without a fault message: {s.get('fault')}")
        request("DELETE", f"{nova}/servers/{sid}", ctx["token"], headers=mv)
        wait_for(f"server {sid} 404", gone(sid), timeout)
        ctx.pop("error")
        return f"ERROR, fault {fault.get('code')} {fault['message'].strip()!r}; deleted"

    def keypair():
        name = "cloudrig-check-key"
        try:
            request("DELETE", f"{nova}/os-keypairs/{name}", ctx["token"], headers=mv)
        except HttpError as e:
            if e.status != 404:
                raise
        kp = request("POST", f"{nova}/os-keypairs", ctx["token"], {"keypair": {"name": name}}, headers=mv)[1]
        if not kp["keypair"].get("public_key", "").startswith("ssh-"):
            raise AssertionError("created keypair has no ssh public key")
        request("DELETE", f"{nova}/os-keypairs/{name}", ctx["token"], headers=mv)
        try:
            request("GET", f"{nova}/os-keypairs/{name}", ctx["token"], headers=mv)
            raise AssertionError(f"keypair {name} still there after DELETE")
        except HttpError as e:
            if e.status != 404:
                raise
        return f"{kp['keypair']['fingerprint']} created and deleted"

    def image_roundtrip():
        data = os.urandom(64)
        img = request("POST", f"{glance}/v2/images", ctx["token"], {
            "name": "cloudrig-check-image", "disk_format": "raw", "container_format": "bare"})[1]
        try:
            request("PUT", f"{glance}/v2/images/{img['id']}/file", ctx["token"], raw=data)
            got = request("GET", f"{glance}/v2/images/{img['id']}", ctx["token"])[1]
            if got["status"] != "active" or got["size"] != len(data):
                raise AssertionError(f"image {img['id']} is {got['status']} size {got['size']}")
        finally:
            request("DELETE", f"{glance}/v2/images/{img['id']}", ctx["token"])
        try:
            request("GET", f"{glance}/v2/images/{img['id']}", ctx["token"])
            raise AssertionError(f"image {img['id']} still there after DELETE")
        except HttpError as e:
            if e.status != 404:
                raise
        return f"{img['id']} uploaded ({len(data)} bytes), active, deleted"

    def quota():
        project_id = (cfg.get("users") or [{}])[0].get("project_id") or cfg["admin"]["project_id"]
        url = f"{nova}/os-quota-sets/{project_id}"
        before = request("GET", url, ctx["token"], headers=mv)[1]["quota_set"]["instances"]
        request("PUT", url, ctx["token"], {"quota_set": {"instances": 3}}, headers=mv)
        now = request("GET", url, ctx["token"], headers=mv)[1]["quota_set"]["instances"]
        request("PUT", url, ctx["token"], {"quota_set": {"instances": before}}, headers=mv)
        if now != 3:
            raise AssertionError(f"instances quota is {now} after PUT 3")
        return f"instances quota of project {project_id}: {before} -> 3 -> {before}"

    def no_networks():
        nets = request("GET", f"{neutron}/v2.0/networks", ctx["token"])[1]["networks"]
        return f"neutron answers, {len(nets)} network(s)"

    checks.run("admin token and catalog", admin_token)
    if checks.failed:
        print("FAILED: no admin token; the other checks need one")
        return 1
    checks.run("non-admin token", user_token)
    checks.run("neutron API", no_networks)
    checks.run("boot m1.tiny with networks none -> ACTIVE", boot_active)
    if "active" in ctx:
        checks.run("delete -> 404", delete_404)
    checks.run("boot huge -> ERROR with a fault", boot_error)
    checks.run("keypair create/delete", keypair)
    checks.run("glance image upload/delete", image_roundtrip)
    checks.run("instances quota set/restore", quota)
    for key in ("active", "error"):  # leave nothing behind when a check failed half-way
        if key in ctx:
            try:
                request("DELETE", f"{nova}/servers/{ctx[key]}", ctx["token"], headers=mv)
            except HttpError:
                pass
    print(f"{'OK' if not checks.failed else 'FAILED'}: {checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


def main(argv):
    if len(argv) != 3 or argv[1] not in ("catalog", "resources", "check"):
        sys.exit(f"usage: {argv[0]} catalog|resources|check STATE_DIR")
    try:
        return {"catalog": catalog, "resources": resources, "check": check}[argv[1]](argv[2]) or 0
    except HttpError as e:
        sys.exit(f"{argv[1]}: {e}")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
