-- wrk script: cycles through a file of click paths (one "/c/<token>" per line), one GET each,
-- keep-alive; counts every response whose status is not 302 and prints a summary line.
-- Usage: wrk -t2 -c64 -d30s --latency -s click-urls.lua http://127.0.0.1:PORT -- <paths-file>
-- Each thread starts at a different offset so the threads do not click the same tokens in step.

local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file = args[1]
  if file == nil then
    error("click-urls.lua: pass the paths file after --")
  end
  reqs = {}
  for line in io.lines(file) do
    if #line > 0 then
      reqs[#reqs + 1] = wrk.format("GET", line)
    end
  end
  if #reqs == 0 then
    error("click-urls.lua: no paths in " .. file)
  end
  -- spread the threads' starting points over the file
  idx = math.floor((#reqs / 8) * (tid % 8))
  sent = 0
  n302 = 0
  non302 = 0
  statuses = {}
end

function request()
  idx = idx % #reqs + 1
  sent = sent + 1
  return reqs[idx]
end

function response(status, headers, body)
  if status == 302 then
    n302 = n302 + 1
  else
    non302 = non302 + 1
    local key = tostring(status)
    statuses[key] = (statuses[key] or 0) + 1
  end
end

function done(summary, latency, requests)
  local total302, totalNon302 = 0, 0
  local merged = {}
  for _, t in ipairs(threads) do
    total302 = total302 + t:get("n302")
    totalNon302 = totalNon302 + t:get("non302")
    local st = t:get("statuses")
    if st ~= nil then
      for k, v in pairs(st) do
        merged[k] = (merged[k] or 0) + v
      end
    end
  end
  local parts = {}
  for k, v in pairs(merged) do
    parts[#parts + 1] = k .. ":" .. v
  end
  table.sort(parts)
  local e = summary.errors
  local secs = summary.duration / 1e6
  -- one machine-readable line; latencies in microseconds
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f rps=%.1f p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d "
      .. "n302=%d non302=%d non302_statuses=%s sock_connect=%d sock_read=%d sock_write=%d "
      .. "sock_timeout=%d wrk_non2xx3xx=%d\n",
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max,
    total302, totalNon302, (#parts > 0) and table.concat(parts, ",") or "-",
    e.connect, e.read, e.write, e.timeout, e.status))
end
