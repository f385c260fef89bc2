#!/usr/bin/env bash
# `make scan`: the wapiti scanner (Debian's package, written by no one here) against this site,
# served as in production (production settings, gunicorn, TLS with a throwaway certificate) on
# 127.0.0.1 only, with a scratch copy of the course and one signed-in learner. Fails when wapiti
# reports anything of high severity. Not part of `make test`: it takes several minutes.
#
# Where the kernel allows it (root, or unprivileged user namespaces), the server and the scanner
# run in their own network namespace that has nothing but a loopback interface, so not a single
# packet can leave this machine. Modules that call out to the internet (ssrf and xxe use
# wapiti3.ovh; nikto and wapp download databases) are not used, crash reports are not sent.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${SCAN_PORT:-8701}"
BIN=.venv/bin
OUT="${SCAN_OUT:-scan-report}"
MODULES="blindsql,cookieflags,csp,exec,file,http_headers,permanentxss,redirect,sql,xss,crlf,csrf,methods,backup,htaccess,shellshock"

if ! command -v wapiti >/dev/null 2>&1; then
    echo "Installing Debian's wapiti"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wapiti >/dev/null
fi

if [ -z "${SCAN_ISOLATED:-}" ] && unshare --net true 2>/dev/null; then
    echo "Scanning inside a network namespace that only has 127.0.0.1."
    exec unshare --net env SCAN_ISOLATED=1 "$0" "$@"
fi
if [ -n "${SCAN_ISOLATED:-}" ]; then
    ip link set lo up
else
    echo "No network namespace available: scanning on the shared loopback, without the redirect module"
    echo "(which would follow an open redirect off this machine if it found one)."
    MODULES="${MODULES/redirect,/}"
fi

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

ORIGIN="https://127.0.0.1:$PORT"
export DJANGO_SETTINGS_MODULE=coursesite.settings.production
export SECRET_KEY="$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(50))')"
export ALLOWED_HOSTS=127.0.0.1
export WAGTAILADMIN_BASE_URL="$ORIGIN"
export DATABASE_URL="sqlite:///$WORK/scan.sqlite3"
export EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend  # no mail server in the sandbox
unset REDIS_URL DJANGO_ALLOW_ASYNC_UNSAFE

echo "Preparing a scratch site in $WORK"
$BIN/python manage.py migrate --noinput -v0
$BIN/python manage.py load_course >/dev/null
$BIN/python manage.py collectstatic --noinput -v0
LEARNER_PASSWORD="$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(16))')"
$BIN/python manage.py shell -c "
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
user = get_user_model().objects.create_user('scanlearner', 'scan-learner@example.com', '$LEARNER_PASSWORD')
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1" -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null

$BIN/gunicorn coursesite.wsgi --bind "127.0.0.1:$PORT" --workers 2 --timeout 60 \
    --certfile "$WORK/cert.pem" --keyfile "$WORK/key.pem" \
    --access-logfile "$WORK/access.log" --error-logfile "$WORK/server.log" >>"$WORK/server.log" 2>&1 &
SERVER_PID=$!

# Sign the learner in through the real form (CSRF token, Referer) and hand wapiti the cookies.
$BIN/python - "$ORIGIN" "$LEARNER_PASSWORD" "$WORK/cookies.json" <<'PY'
import http.cookiejar, json, re, ssl, sys, time, urllib.parse, urllib.request

origin, password, cookie_file = sys.argv[1:]
context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE  # the throwaway certificate made above
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(
    urllib.request.HTTPSHandler(context=context), urllib.request.HTTPCookieProcessor(jar)
)
for _ in range(60):
    try:
        opener.open(origin + "/healthz", timeout=2)
        break
    except OSError:
        time.sleep(0.5)
else:
    sys.exit("The server did not start; see its log.")
page = opener.open(origin + "/accounts/login/").read().decode()
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
data = urllib.parse.urlencode(
    {"login": "scan-learner@example.com", "password": password, "csrfmiddlewaretoken": token}
).encode()
request = urllib.request.Request(origin + "/accounts/login/", data=data, headers={"Referer": origin + "/accounts/login/"})
opener.open(request)
cookies = {c.name: c for c in jar}
if not any(name.endswith("sessionid") for name in cookies):
    sys.exit("Could not sign the scan learner in.")
wapiti_cookies = {"127.0.0.1": {"/": {
    c.name: {"value": c.value, "expires": c.expires, "secure": c.secure, "port": None, "version": 0}
    for c in jar
}}}
json.dump(wapiti_cookies, open(cookie_file, "w"))
print("Signed in as the scan learner.")
PY

mkdir -p "$OUT"
echo "Running wapiti against $ORIGIN (modules: $MODULES)"
/usr/bin/python3 scripts/wapiti_run.py -u "$ORIGIN/" --scope folder -m "$MODULES" \
    -c "$WORK/cookies.json" -x "$ORIGIN/accounts/logout/" \
    -s "$ORIGIN/accounts/" -s "$ORIGIN/accounts/login/" -s "$ORIGIN/accounts/signup/" \
    -s "$ORIGIN/accounts/password/reset/" -s "$ORIGIN/accounts/password/change/" \
    -s "$ORIGIN/accounts/email/" -s "$ORIGIN/accounts/2fa/" -s "$ORIGIN/accounts/sessions/" \
    -s "$ORIGIN/admin/" -s "$ORIGIN/search/?q=seizure" \
    --no-bugreport --endpoint "http://127.0.0.1:9/" \
    --flush-session --store-session "$WORK/session" --store-config "$WORK/config" \
    --max-scan-time "${SCAN_MAX_SECONDS:-1500}" --max-attack-time 300 \
    -v 1 -f json -o "$OUT/wapiti.json" >"$OUT/wapiti.log" 2>&1 || { tail -30 "$OUT/wapiti.log"; exit 1; }
cp "$WORK/server.log" "$OUT/server.log"
cp "$WORK/access.log" "$OUT/access.log"

$BIN/python - "$OUT/wapiti.json" "$OUT/access.log" <<'PY'
import collections, json, re, sys

report = json.load(open(sys.argv[1]))
statuses = collections.Counter(m.group(1) for m in map(re.compile(r'" (\d{3}) ').search, open(sys.argv[2])) if m)
names = {4: "critical", 3: "high", 2: "medium", 1: "low", 0: "info"}
worst = 0
print(f"\nwapiti {report['infos'].get('version', '')} against {report['infos']['target']}")
print(f"  requests the server answered: {sum(statuses.values())} ({dict(sorted(statuses.items()))})")
for section in ("vulnerabilities", "anomalies", "additionals"):
    found = {k: v for k, v in report.get(section, {}).items() if v}
    print(f"  {section}: {sum(len(v) for v in found.values())}")
    for category, items in sorted(found.items()):
        for item in items:
            level = int(item.get("level") or 0)
            worst = max(worst, level)
            print(f"    [{names[level]}] {category}: {item['method']} {item['path']} {item.get('parameter') or ''}"
                  f" {item.get('info', '')[:160]}")
print(f"  worst severity: {names[worst]}")
sys.exit(1 if worst >= 3 else 0)
PY
