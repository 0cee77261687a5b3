-- OAM createOTP (custom channel) then validateOTP with that code: one pair per iteration, the way
-- an OAM application checks the code a user typed. createOTP carries the user's place in this
-- thread's slice as its X-Request-Id, which the service echoes; response() reads the code from
-- the answer and queues the validation, and the next request() of this thread sends it. ok counts
-- accepted validations.
local common = dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local MFA = "/oam/services/rest/auth/api/v1/mfa"

local pending = {}

function init(args)
	common.load_users()
end

function request()
	sent = sent + 1
	local validation = table.remove(pending, 1)
	if validation then
		return validation
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
		-- createOTP's answer: queue the validation with its code.
		local code = body:match('"minorCode"%s*:%s*"([^"]+)"')
		local echoed = headers["X-Request-Id"] or headers["x-request-id"] or ""
		local user = users[tonumber(echoed:match("^u(%d+)x"))]
		if status == 200 and code and user then
			local validation = string.format(
				'{"appName":"bench","correlationId":"%s","otpCode":"%s","userId":"%s","idStore":"%s"}',
				correlation, code, user.name, common.store_name)
			table.insert(pending, wrk.format("POST", MFA .. "/validateOTP", common.headers(true), validation))
		end
	elseif status == 200 then
		ok = ok + 1
	end
end
