-- Issue 16: a password change in an LDAP store's directory is a network call, and no request may
-- hold a database connection across one. So such a change first claims its reset link or one-time
-- code in a short transaction of its own: a conditional update that sets claim_id and
-- claimed_until only while the link or code is usable and nobody else's claim is running. Of two
-- concurrent uses exactly one claims it; the other is refused as if it were spent. Once the
-- directory took the password, a second short transaction spends it for good (consumed_at, the
-- claim cleared, by claim_id); when the directory refused the password or was down, the claim is
-- cleared and the link or code is usable again. A claim left by an instance that stopped in
-- between lapses at claimed_until, so a crash does not lose a code or link for good.
alter table reset_token add column claim_id uuid;
alter table reset_token add column claimed_until timestamp with time zone;
alter table one_time_code add column claim_id uuid;
alter table one_time_code add column claimed_until timestamp with time zone;
