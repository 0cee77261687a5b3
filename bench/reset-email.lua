-- ResetPwdMode EMAIL: a token, an outbox row and an audit row; the mail goes out later.
local common = dofile(os.getenv("BENCH_DIR") .. "/common.lua")

request = common.reset_password("EMAIL")
