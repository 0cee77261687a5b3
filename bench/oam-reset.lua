-- OAM createOTP (custom channel) then PasswordResetRequestsWithOTP with that code: one pair per
-- iteration. createOTP carries the user's place in this thread's slice as its X-Request-Id, which
-- the service echoes; response() reads the code from the answer and queues the reset, and the next
-- request() of this thread sends it. ok counts completed resets (one password hash each).
local common = dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local MFA = "/oam/services/rest/auth/api/v1/mfa"
local PSWD = "/oam/services/rest/access/api/v1/pswdmanagement"

local pending = {}
local serial = 0

function init(args)
	common.load_users()
end

function request()
	sent = sent + 1
	local reset = table.remove(pending, 1)
	if reset then
		return reset
	end
	local user = common.next_user()
	local body = string.format('{"appName":"bench","deliveryChannel":"custom","userId":"%s","idStore":"%s"}',
		user.name, common.store_name)
	local headers = common.headers(true)
	headers["X-Request-Id"] = "u" .. next_user .. "x" .. math.random(1, 1000000000)
	return wrk.format("POST", MFA .. "/createOTP", headers, body)
end

function response(status, headers, body)
	common.count(status)
	local correlation = body:match('"correlationId"%s*:%s*"([^"]+)"')
	if correlation then
		-- createOTP's answer: queue the reset with its code.
		local code = body:match('"minorCode"%s*:%s*"([^"]+)"')
		local echoed = headers["X-Request-Id"] or headers["x-request-id"] or ""
		local user = users[tonumber(echoed:match("^u(%d+)x"))]
		if status == 200 and code and user then
			local name = user.name
			serial = serial + 1
			-- Unique per reset, so the password history never refuses it.
			local password = string.format("Quartz-Meadow-%d-%d-Lantern", tid, serial)
			local otp = string.format(
				'{"appName":"bench","correlationId":"%s","otpCode":"%s","userId":"%s","idStore":"%s"}',
				correlation, code, name, common.store_name)
			table.insert(pending, wrk.format("POST",
				PSWD .. "/PasswordResetRequestsWithOTP/" .. name .. "/" .. common.store_name,
				common.headers(true), '{"otp":' .. otp .. ',"password":"' .. password .. '"}'))
		end
	elseif status == 200 then
		ok = ok + 1
	end
end
