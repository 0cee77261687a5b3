-- DescribeUser with HTTP Basic: authentication, one indexed read, JSON. The floor.
local common = dofile(os.getenv("BENCH_DIR") .. "/common.lua")

function request()
	sent = sent + 1
	local user = common.next_user()
	return wrk.format("GET", "/v1/identity-stores/" .. common.store_id .. "/users/" .. user.id, common.headers(false))
end
