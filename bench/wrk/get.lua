-- A plain GET of BENCH_PATH, with the learner's session cookie when BENCH_SESSIONS is set.
dofile("bench/wrk/common.lua")

function init(args)
  bench_init()
  path = os.getenv("BENCH_PATH") or "/"
  -- What Chrome, Edge and Firefox send over HTTPS; BENCH_ACCEPT_ENCODING=gzip is Safari's choice.
  headers = {["Accept-Encoding"] = os.getenv("BENCH_ACCEPT_ENCODING") or "gzip, deflate, br, zstd"}
  if cookie then headers["Cookie"] = cookie end
end

function request()
  return wrk.format("GET", path, headers)
end

function response(status, headers, body)
  count_status(status)
end
