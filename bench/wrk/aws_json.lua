-- One AWS JSON 1.0 request, sent again and again over keep-alive connections:
--   TARGET=StartSyncExecution BODY='{"stateMachineArn": "..."}' wrk -s aws_json.lua URL
-- `%NAME%` in BODY becomes a name no other request of the run has (thread and count), for
-- StartExecution with a name. At the end, one line `RESULT {...}` with requests/s, failed answers
-- (non-2xx or socket errors) and latency percentiles in ms.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-amz-json-1.0"
wrk.headers["X-Amz-Target"] = "AWSStepFunctions." .. os.getenv("TARGET")
wrk.body = os.getenv("BODY")

local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local template = os.getenv("BODY")
local named = string.find(template, "%NAME%", 1, true) ~= nil
local count = 0
request = function()
  if not named then return wrk.format() end
  count = count + 1
  return wrk.format(nil, nil, nil, (string.gsub(template, "%%NAME%%", "w" .. tid .. "-" .. count)))
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local failed = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format('RESULT {"requests": %d, "seconds": %.3f, "requestsPerSecond": %.1f, "failed": %d, "p50Ms": %.3f, "p99Ms": %.3f}\n',
    summary.requests, seconds, summary.requests / seconds, failed, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
