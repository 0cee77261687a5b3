-- Creates the users a scenario rotates over, in bulk: CreateUser with names
-- BENCH_PREFIX-<thread>-<n>, and a primary email BENCH_EMAIL when set (the EMAIL scenario needs
-- one). Each thread stops after its share of BENCH_COUNT answers; bench/run then lists the
-- store to learn the ids.
local common = dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local prefix = os.getenv("BENCH_PREFIX")
local email = os.getenv("BENCH_EMAIL") or ""
local share = 0
local created = 0
local replies = 0

function init(args)
	share = math.ceil(tonumber(os.getenv("BENCH_COUNT")) / tonumber(os.getenv("BENCH_THREADS")))
end

function request()
	created = created + 1
	local body
	if email ~= "" then
		body = string.format('{"user_name":"%s-%d-%d","emails":[{"value":"%s","primary":true}]}', prefix, tid, created,
			email)
	else
		body = string.format('{"user_name":"%s-%d-%d"}', prefix, tid, created)
	end
	return wrk.format("POST", "/v1/identity-stores/" .. common.store_id .. "/users", common.headers(true), body)
end

function response(status, headers, body)
	common.count(status)
	if status == 201 then
		ok = ok + 1
	end
	replies = replies + 1
	if replies >= share then
		wrk.thread:stop()
	end
end
