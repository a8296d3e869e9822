-- wrk script: POST /v1/verify with keys from keys.txt (written by HttpBenchServer), round robin.
-- usage: wrk -t1 -c32 -d15s --latency -s verify.lua http://127.0.0.1:8083 -- /tmp/validator-bench/keys.txt
local requests = {}
local i = 0
function init(args)
  local file = args[1] or "/tmp/validator-bench/keys.txt"
  local n = 0
  for key in io.lines(file) do
    n = n + 1
    local body = '{"key":"' .. key .. '","permissions":["tasks:read"],"ip":"10.0.0.1"}'
    requests[n] = wrk.format("POST", "/v1/verify", {["Content-Type"] = "application/json"}, body)
    if n >= 2000 then break end
  end
  i = math.random(n)
end
function request()
  i = i % #requests + 1
  return requests[i]
end
