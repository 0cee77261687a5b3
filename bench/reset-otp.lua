-- ResetPwdMode OTP: one password hash per request, and the one-time password in the answer.
local common = dofile(os.getenv("BENCH_DIR") .. "/common.lua")

request = common.reset_password("OTP")
