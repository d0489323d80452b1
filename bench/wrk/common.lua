-- Shared by the scenario scripts: one learner per wrk thread (run with -t N -c N), a
-- microsecond clock, per-status counts and a JSON summary line that bench/run collects.
-- BENCH_SESSIONS: file of "sessionid csrftoken" lines (bench/sessions.py writes it).
-- BENCH_STEPS: file of step slugs, one a line.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")

function now_us()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000000 + tonumber(ts.tv_nsec) / 1000
end

function read_lines(path)
  local lines = {}
  if not path then return lines end
  local file = io.open(path, "r")
  if not file then return lines end
  for line in file:lines() do
    if line ~= "" then lines[#lines + 1] = line end
  end
  file:close()
  return lines
end

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_index", counter)
  table.insert(threads, thread)
end

-- In each thread: the learner's cookies (when a sessions file is given).
statuses = {}
timings = {}
cookie = nil
csrf = nil

function bench_init()
  math.randomseed(thread_index * 7919)
  local sessions = read_lines(os.getenv("BENCH_SESSIONS"))
  if #sessions > 0 then
    local line = sessions[((thread_index - 1) % #sessions) + 1]
    local sid, token = line:match("^(%S+)%s+(%S+)$")
    csrf = token
    cookie = "sessionid=" .. sid .. "; csrftoken=" .. token
  end
  steps = read_lines(os.getenv("BENCH_STEPS"))
end

function count_status(status)
  statuses[status] = (statuses[status] or 0) + 1
end

function record_timing(us)
  timings[#timings + 1] = math.floor(us)
end

local function percentile(sorted, p)
  if #sorted == 0 then return 0 end
  local index = math.max(1, math.ceil(#sorted * p / 100))
  return sorted[index]
end

function done(summary, latency, requests)
  local by_status = {}
  local own = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses") or {}) do
      local key = tostring(status)
      by_status[key] = (by_status[key] or 0) + n
    end
    for _, v in ipairs(thread:get("timings") or {}) do own[#own + 1] = v end
  end
  table.sort(own)
  local codes = {}
  for status, n in pairs(by_status) do codes[#codes + 1] = string.format('"%s": %d', status, n) end
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"duration_us": %d, "requests": %d, "bytes": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"statuses": {%s}, "own_count": %d, "own_p50_us": %d, "own_p95_us": %d, "own_p99_us": %d}\n',
    summary.duration, summary.requests, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, latency.mean,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    table.concat(codes, ", "), #own, percentile(own, 50), percentile(own, 95), percentile(own, 99)))
end
