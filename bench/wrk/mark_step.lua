-- (d) Marking a step as the page's script does: a POST with the session and CSRF token, asking
-- for JSON. Each thread is one learner; it walks the steps and moves each to the next status, so
-- every request changes a row.
dofile("bench/wrk/common.lua")

local order = {"not_started", "in_progress", "done", "skipped"}
local n = 0

function init(args)
  bench_init()
  roadmap = os.getenv("BENCH_ROADMAP") or "machine-learning-engineer"
  n = thread_index -- learners start at different places
end

function request()
  n = n + 1
  local step = steps[(n % #steps) + 1]
  local status = order[(math.floor(n / #steps) % #order) + 1]
  return wrk.format("POST", "/roadmaps/" .. roadmap .. "/steps/" .. step .. "/status/", {
    ["Cookie"] = cookie,
    ["X-CSRFToken"] = csrf,
    ["Accept"] = "application/json",
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, "status=" .. status)
end

function response(status, headers, body)
  count_status(status)
end
