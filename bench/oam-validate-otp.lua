-- OAM createOTP (custom channel) then validateOTP with that code, the way an OAM application checks
-- the code a user typed: one pair per iteration (common.code_pair). ok counts accepted validations.
local common = dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local MFA = "/oam/services/rest/auth/api/v1/mfa"

request, response = common.code_pair(function(user, correlation, code)
	local validation = string.format(
		'{"appName":"bench","correlationId":"%s","otpCode":"%s","userId":"%s","idStore":"%s"}', correlation, code,
		user.name, common.store_name)
	return wrk.format("POST", MFA .. "/validateOTP", common.headers(true), validation)
end)
