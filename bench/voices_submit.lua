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
  -- Run number (kept by the Python driver) x 100,000 + counter: never the same phone twice,
  -- also across runs within the 24 h duplicate window.
  local phone = string.format("1%d%09d", 3 + tid % 7, tonumber(run) * 100000 + counter)
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

-- Show the first refused submission of each thread, so an error count comes with its reason.
local reported = false
response = function(status, headers, body)
  if status ~= 201 and not reported then
    reported = true
    io.write(string.format("FIRST_ERROR status=%d body=%s\n", status, body))
  end
end
