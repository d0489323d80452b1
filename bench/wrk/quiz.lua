-- (e) Submitting the knowledge check as a learner does: GET the quiz page (it issues the form's
-- token and the question order), then POST answers to it. Each thread is one learner with one
-- connection, alternating GET and POST. wrk's latency mixes both; the "own" figures time the POSTs.
dofile("bench/wrk/common.lua")

local state = "get"
local token, answers, post_started

function init(args)
  bench_init()
  path = "/roadmaps/" .. (os.getenv("BENCH_ROADMAP") or "machine-learning-engineer") .. "/quiz/"
end

function request()
  if state == "post" and token then
    post_started = now_us()
    return wrk.format("POST", path, {
      ["Cookie"] = cookie,
      ["X-CSRFToken"] = csrf,
      ["Content-Type"] = "application/x-www-form-urlencoded",
    }, "token=" .. token .. answers)
  end
  post_started = nil
  return wrk.format("GET", path, {["Cookie"] = cookie})
end

function response(status, headers, body)
  count_status(status)
  if post_started then
    record_timing(now_us() - post_started)
    state = "get"
    return
  end
  -- Parse the form: its token, and one random choice per question.
  token = nil
  local choices, names = {}, {}
  for tag in body:gmatch("<input[^>]->") do
    local name, value = tag:match('name="([^"]+)"'), tag:match('value="([^"]*)"')
    if name == "token" then
      token = value
    elseif name and value and name:match("^question_%d+$") then
      if not choices[name] then choices[name] = {}; names[#names + 1] = name end
      table.insert(choices[name], value)
    end
  end
  local parts = {}
  for _, name in ipairs(names) do
    local options = choices[name]
    parts[#parts + 1] = "&" .. name .. "=" .. options[math.random(#options)]
  end
  answers = table.concat(parts)
  if token then state = "post" end
end
