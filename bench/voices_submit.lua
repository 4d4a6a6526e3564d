-- wrk script: POST a distinct citizen's message per request (its own phone and text, so neither
-- the per-phone limit nor the duplicate check turns it away), and report p50/p95/p99 and errors.
local counter = 0
local created = 0

-- Runs in the main Lua state: give each thread its number (a global there, not a local here).
function setup(thread)
  created = created + 1
  thread:set("tid", created)
end

function init(args)
  token = args[1]
  run = args[2]
end

request = function()
  counter = counter + 1
  local phone = string.format("15%01d%08d", tid % 10, (tonumber(run) * 1000000 + counter) % 100000000)
  local body = string.format(
    '{"category":"help","title":"压测留言%s-%d-%d","description":"第%d-%d号压测：小区%d栋楼道灯坏了，夜里出行不便，请帮忙协调维修%s-%d。","phone":"%s","consent":true,"station":"%s"}',
    run, tid, counter, tid, counter, counter % 97, run, counter, phone, token)
  return wrk.format("POST", "/api/v1/voices/submissions/", {["Content-Type"] = "application/json"}, body)
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors_status=%d errors_socket=%d p50=%.1f p95=%.1f p99=%.1f rps=%.1f\n",
    summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6)))
end
