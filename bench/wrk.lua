-- wrk script for bench/run.py: the request comes from the environment, the summary is
-- printed as one JSON line (wrk's own report has no 95th percentile).
local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/"
local cookie = os.getenv("BENCH_COOKIE") or ""
local body = os.getenv("BENCH_BODY") or ""
local csrf = os.getenv("BENCH_CSRF") or ""

wrk.method = method
wrk.path = path
if cookie ~= "" then wrk.headers["Cookie"] = cookie end
if csrf ~= "" then wrk.headers["X-CSRFToken"] = csrf end
if body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nBENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout))
end
