-- DescribeUser with HTTP Basic: authentication, one indexed read, JSON. The floor.
local common = dofile(os.getenv("BENCH_DIR") .. "/common.lua")

function init(args)
	common.load_users()
end

function request()
	sent = sent + 1
	local user = common.next_user()
	return wrk.format("GET", "/v1/identity-stores/" .. common.store_id .. "/users/" .. user.id, common.headers(false))
end

function response(status, headers, body)
	common.count(status)
	if status == 200 then
		ok = ok + 1
	end
end
