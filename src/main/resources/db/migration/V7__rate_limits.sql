-- Rate limits shared by every instance on this database. A limit allows at most N events per
-- bucket in any sliding window: each allowed event is a row in rate_limit_event, and the bucket's
-- row in rate_limit_bucket is locked (select ... for update) while its window is counted, so two
-- instances cannot both take the last slot. Bucket keys are SHA-256 digests (hex) of the limit
-- name and its subject, so the table holds no user names and no client addresses.
create table rate_limit_bucket (
    bucket_key  varchar(64)              not null primary key,
    created_at  timestamp with time zone not null
);

create table rate_limit_event (
    id           uuid                     not null primary key,
    bucket_key   varchar(64)              not null references rate_limit_bucket (bucket_key) on delete cascade,
    occurred_at  timestamp with time zone not null
);

create index ix_rate_limit_event_bucket on rate_limit_event (bucket_key, occurred_at);
create index ix_rate_limit_event_time on rate_limit_event (occurred_at);
