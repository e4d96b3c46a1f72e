-- wrk script: the nginx auth_request subrequest, as nginx sends it, to /gateway/check.
-- LEASH_BENCH_TOKENS holds access tokens (space-separated), LEASH_BENCH_ROUTES the calls they make
-- ("METHOD /path" separated by commas); run.sh sets both. Each wrk thread cycles through every
-- token × route pair (requests are built once, in init). wrk counts answers with status >= 400
-- in errors.status: run.sh expects none, so every completed request is an allowed decision.

local requests = {}
local next_index = 1

function init(args)
  local tokens, routes = {}, {}
  for token in string.gmatch(os.getenv("LEASH_BENCH_TOKENS") or "", "%S+") do
    table.insert(tokens, token)
  end
  for method, path in string.gmatch(os.getenv("LEASH_BENCH_ROUTES") or "", "(%u+) ([^,]+)") do
    table.insert(routes, { method, path })
  end
  if #tokens == 0 or #routes == 0 then
    error("set LEASH_BENCH_TOKENS and LEASH_BENCH_ROUTES (run.sh does)")
  end
  for t, token in ipairs(tokens) do
    for r, route in ipairs(routes) do
      table.insert(requests, wrk.format("GET", "/gateway/check", {
        ["Host"] = wrk.host .. ":" .. wrk.port,
        ["Authorization"] = "Bearer " .. token,
        ["X-Original-Method"] = route[1],
        ["X-Original-URI"] = route[2],
        ["X-Real-IP"] = "10.1." .. t .. "." .. r,
      }))
    end
  end
end

function request()
  local r = requests[next_index]
  next_index = next_index % #requests + 1
  return r
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f p50_us=%d p99_us=%d refused=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
