-- OAM createOTP on the custom channel: the code comes back in minorCode; nothing is mailed.
local common = dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local MFA = "/oam/services/rest/auth/api/v1/mfa"

function request()
	sent = sent + 1
	local user = common.next_user()
	local body = string.format('{"appName":"bench","deliveryChannel":"custom","userId":"%s","idStore":"%s"}',
		user.name, common.store_name)
	return wrk.format("POST", MFA .. "/createOTP", common.headers(true), body)
end
