-- wrk script: POST client_credentials to /oauth/token with client_secret_basic (RFC 6749 §4.4).
-- LEASH_BENCH_AUTH holds the full "Basic …" header value and LEASH_BENCH_BODY the form body;
-- run.sh sets both. wrk counts answers with status >= 400 in errors.status, so every other
-- completed request is an issued token.

local auth = os.getenv("LEASH_BENCH_AUTH")
local body = os.getenv("LEASH_BENCH_BODY")
if auth == nil or body == nil then
  error("set LEASH_BENCH_AUTH and LEASH_BENCH_BODY (run.sh does)")
end

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = auth

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f p50_us=%d p99_us=%d refused=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
