-- ResetPwdMode EMAIL: a token, an outbox row and an audit row; the mail goes out later.
local common = dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local body = '{"mode":"EMAIL"}'

function init(args)
	common.load_users()
end

function request()
	sent = sent + 1
	local user = common.next_user()
	return wrk.format("POST", "/v1/identity-stores/" .. common.store_id .. "/users/" .. user.id .. "/reset-password",
		common.headers(true), body)
end

function response(status, headers, body)
	common.count(status)
	if status == 200 then
		ok = ok + 1
	end
end
