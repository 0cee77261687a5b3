-- OAM createOTP (custom channel) then PasswordResetRequestsWithOTP with that code: one pair per
-- iteration (common.code_pair). ok counts completed resets (one password hash each).
local common = dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local PSWD = "/oam/services/rest/access/api/v1/pswdmanagement"

local serial = 0

request, response = common.code_pair(function(user, correlation, code)
	serial = serial + 1
	-- Unique per reset, so the password history never refuses it.
	local password = string.format("Quartz-Meadow-%d-%d-Lantern", tid, serial)
	local otp = string.format('{"appName":"bench","correlationId":"%s","otpCode":"%s","userId":"%s","idStore":"%s"}',
		correlation, code, user.name, common.store_name)
	return wrk.format("POST", PSWD .. "/PasswordResetRequestsWithOTP/" .. user.name .. "/" .. common.store_name,
		common.headers(true), '{"otp":' .. otp .. ',"password":"' .. password .. '"}')
end)
