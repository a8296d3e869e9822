-- wrk script: GET /v1/auth (forward-auth) with X-API-Key from keys.txt, round robin.
-- usage: wrk -t1 -c32 -d15s --latency -s auth.lua http://127.0.0.1:8083 -- /tmp/validator-bench/keys.txt
local requests = {}
local i = 0
function init(args)
  local file = args[1] or "/tmp/validator-bench/keys.txt"
  local n = 0
  for key in io.lines(file) do
    n = n + 1
    requests[n] = wrk.format("GET", "/v1/auth", {["X-API-Key"] = key, ["X-Required-Permission"] = "tasks:read",
      ["X-Real-IP"] = "10.0.0.1"})
    if n >= 2000 then break end
  end
  i = math.random(n)
end
function request()
  i = i % #requests + 1
  return requests[i]
end
