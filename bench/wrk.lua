-- wrk script for bench/run.py: the request comes from the environment, the summary is
-- printed as one JSON line (wrk's own report has no 95th percentile).
local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/"
local cookie = os.getenv("BENCH_COOKIE") or ""
local body = os.getenv("BENCH_BODY") or ""
local csrf = os.getenv("BENCH_CSRF") or ""
local salt = os.getenv("BENCH_SALT") or "bench0"

wrk.method = method
wrk.path = path
if cookie ~= "" then wrk.headers["Cookie"] = cookie end
if csrf ~= "" then wrk.headers["X-CSRFToken"] = csrf end
if body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

-- A body with NONCE in it gets a fresh value per request (e.g. one quiz attempt per POST).
if body:find("NONCE", 1, true) then
  local counter = 0
  local thread_id = 0
  function init(args)
    thread_id = tonumber(wrk.thread:get("id")) or 0
  end
  function request()
    counter = counter + 1
    local nonce = string.format("%s%02d%010d", salt, thread_id, counter)
    return wrk.format(nil, nil, nil, (body:gsub("NONCE", nonce)))
  end
end

local next_thread_id = 0
function setup(thread)
  next_thread_id = next_thread_id + 1
  thread:set("id", next_thread_id)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nBENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout))
end
