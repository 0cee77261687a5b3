-- What signing in needs besides the hash: when a one-time password stops working, and the
-- consecutive failures that lock a user out for a while.
alter table store_user add column password_expires_at timestamp with time zone;
alter table store_user add column failed_sign_ins integer default 0 not null;
alter table store_user add column locked_until timestamp with time zone;
