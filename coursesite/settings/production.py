"""Production settings: refuse to start without the required environment; harden HTTP."""

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, env, env_bool, env_list

SECRET_KEY = env("SECRET_KEY", required=True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", env("ALLOWED_HOSTS", required=True))
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", required=True)

if env("SECURE_PROXY_SSL_HEADER"):
    # e.g. "HTTP_X_FORWARDED_PROTO,https" behind a proxy that terminates TLS. Django then
    # trusts that header to decide whether a request came over HTTPS (SSL redirect, cookies).
    SECURE_PROXY_SSL_HEADER = tuple(env_list("SECURE_PROXY_SSL_HEADER"))
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Cookies only over HTTPS, out of reach of scripts, not sent on cross-site POSTs. The __Host-
# prefix makes the browser refuse them unless Secure, host-only and Path=/.
SESSION_COOKIE_NAME = "__Host-sessionid"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Staff always need a second factor in production (`check --deploy` warns otherwise: coursesite.checks).
STAFF_MFA_REQUIRED = True

# Browsers fetch any stray http:// sub-resource over HTTPS.
CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY,
    "DIRECTIVES": {**CONTENT_SECURITY_POLICY["DIRECTIVES"], "upgrade-insecure-requests": True},
}
