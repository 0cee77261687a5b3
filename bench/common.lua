-- Shared by the bench scenarios (loaded with dofile from each script, in wrk's main state and in
-- every thread's state). bench/run passes everything through the environment:
--   BENCH_AUTH     "Basic <base64>" of the bootstrap access key, so no request fails authentication
--   BENCH_USERS    a file of "user_id user_name" lines, the pool this scenario may use
--   BENCH_STORE_ID / BENCH_STORE_NAME   the identity store of that pool
--   BENCH_THREADS  wrk's thread count, so that each thread takes its own slice of the pool
--   BENCH_RESULT   where done() writes its counts for bench/run to read
--   BENCH_RATE     requests/s for the whole run, or 0 for as fast as the connections go
--   BENCH_START    how many requests earlier runs sent to this pool, so that this run goes on
--                  where they stopped rather than from each slice's first user again
local common = {}

common.auth = os.getenv("BENCH_AUTH")
common.store_id = os.getenv("BENCH_STORE_ID")
common.store_name = os.getenv("BENCH_STORE_NAME")

local threads = {}

-- Main state: number the threads so that each takes a distinct slice of the users.
function setup(thread)
	thread:set("tid", #threads)
	table.insert(threads, thread)
end

-- Thread state: counts of every status and of what the scenario calls a success.
statuses = {}
ok = 0
sent = 0
answered = 0
users = {}
next_user = 0

-- Loads this thread's slice: every BENCH_THREADS-th line, starting at its own number.
function common.load_users()
	local nthreads = tonumber(os.getenv("BENCH_THREADS"))
	local i = 0
	for line in io.lines(os.getenv("BENCH_USERS")) do
		if i % nthreads == tid then
			local id, name = line:match("^(%S+)%s+(%S+)$")
			table.insert(users, { id = id, name = name })
		end
		i = i + 1
	end
	if #users == 0 then
		error("thread " .. tid .. " has no users")
	end
	-- Each warm-up round is a wrk of its own: starting every one at the slice's first user would
	-- send a minute of rounds to the same few users, past the per-user limits.
	next_user = math.floor(tonumber(os.getenv("BENCH_START") or "0") / nthreads) % #users
end

-- Round robin over the slice: a user comes back only after every other one of the slice, which
-- keeps each under the service's per-user limits for as long as the pool was sized for.
function common.next_user()
	next_user = next_user % #users + 1
	return users[next_user]
end

function common.count(status)
	answered = answered + 1
	statuses[status] = (statuses[status] or 0) + 1
end

function common.headers(json)
	local h = { ["Authorization"] = common.auth }
	if json then
		h["Content-Type"] = "application/json"
	end
	return h
end

-- What a scenario of one request does unless it defines its own init or response after loading
-- this file: take this thread's slice of the users, and count every answer, a 200 as a success.
function init(args)
	common.load_users()
end

function response(status, headers, body)
	common.count(status)
	if status == 200 then
		ok = ok + 1
	end
end

-- ResetPwdMode in the given mode ("OTP" or "EMAIL") on the next user of the slice, as a request().
function common.reset_password(mode)
	local body = '{"mode":"' .. mode .. '"}'
	return function()
		sent = sent + 1
		local user = common.next_user()
		return wrk.format("POST", "/v1/identity-stores/" .. common.store_id .. "/users/" .. user.id
			.. "/reset-password", common.headers(true), body)
	end
end

-- createOTP (custom channel) on the next user of the slice, then the request follow_up(user,
-- correlation id, code) builds from its answer: one pair per iteration, as request() and
-- response(). createOTP carries the user's place in this thread's slice as its X-Request-Id,
-- which the service echoes; response() reads the code from the answer and queues the follow-up,
-- and the next request() of this thread sends it. ok counts follow-ups answered 200.
function common.code_pair(follow_up)
	local MFA = "/oam/services/rest/auth/api/v1/mfa"
	local pending = {}
	local function request()
		sent = sent + 1
		local queued = table.remove(pending, 1)
		if queued then
			return queued
		end
		local user = common.next_user()
		local body = string.format('{"appName":"bench","deliveryChannel":"custom","userId":"%s","idStore":"%s"}',
			user.name, common.store_name)
		local headers = common.headers(true)
		headers["X-Request-Id"] = "u" .. next_user .. "x" .. math.random(1, 1000000000)
		return wrk.format("POST", MFA .. "/createOTP", headers, body)
	end
	local function response(status, headers, body)
		common.count(status)
		local correlation = body:match('"correlationId"%s*:%s*"([^"]+)"')
		if correlation then
			-- createOTP's answer: queue the follow-up with its code.
			local code = body:match('"minorCode"%s*:%s*"([^"]+)"')
			local echoed = headers["X-Request-Id"] or headers["x-request-id"] or ""
			local user = users[tonumber(echoed:match("^u(%d+)x"))]
			if status == 200 and code and user then
				table.insert(pending, follow_up(user, correlation, code))
			end
		elseif status == 200 then
			ok = ok + 1
		end
	end
	return request, response
end

-- With BENCH_RATE, a steady pace: wrk asks delay() before each request of a connection, and each
-- thread hands its connections consecutive slots of its share of the rate. A thread that fell
-- behind starts again from now rather than catching up with a burst. (LuaJIT's FFI reads the
-- monotonic clock; Lua's own os.time() counts whole seconds.)
local rate = tonumber(os.getenv("BENCH_RATE") or "0") or 0
if rate > 0 then
	local ffi = require("ffi")
	ffi.cdef [[
		typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
		int clock_gettime(int clock_id, bench_timespec *now);
	]]
	local CLOCK_MONOTONIC = 1
	local now = ffi.new("bench_timespec")
	local interval_ms = tonumber(os.getenv("BENCH_THREADS") or "1") * 1000 / rate
	local next_slot_ms = nil

	local function now_ms()
		ffi.C.clock_gettime(CLOCK_MONOTONIC, now)
		return tonumber(now.tv_sec) * 1000 + tonumber(now.tv_nsec) / 1e6
	end

	function delay()
		local t = now_ms()
		if next_slot_ms == nil or next_slot_ms < t then
			next_slot_ms = t
		end
		local wait = next_slot_ms - t
		next_slot_ms = next_slot_ms + interval_ms
		return math.floor(wait)
	end
end

-- Main state, at the end: gather the threads' tables into one file, one fact a line.
function done(summary, latency, requests)
	local out = assert(io.open(os.getenv("BENCH_RESULT"), "w"))
	out:write(string.format("requests %d\n", summary.requests))
	out:write(string.format("duration_us %d\n", summary.duration))
	out:write(string.format("p50_us %d\n", latency:percentile(50)))
	out:write(string.format("p99_us %d\n", latency:percentile(99)))
	local e = summary.errors
	out:write(string.format("socket_errors %d %d %d %d\n", e.connect, e.read, e.write, e.timeout))
	local total_ok = 0
	local unanswered = 0
	local merged = {}
	for _, thread in ipairs(threads) do
		total_ok = total_ok + (thread:get("ok") or 0)
		-- Requests written that got no answer before the run ended (wrk counts a timeout only
		-- after --timeout, which a request started late in the run never reaches).
		unanswered = unanswered + (thread:get("sent") or 0) - (thread:get("answered") or 0)
		for status, n in pairs(thread:get("statuses") or {}) do
			merged[status] = (merged[status] or 0) + n
		end
	end
	out:write(string.format("ok %d\n", total_ok))
	out:write(string.format("unanswered %d\n", unanswered))
	for status, n in pairs(merged) do
		out:write(string.format("status %d %d\n", status, n))
	end
	out:close()
end

return common
