-- One-time codes (OAM's createOTP / validateOTP). Only an HMAC-SHA256 (hex) of the correlation id
-- and the code, under a key derived from the master key, is stored, so a copy of the database
-- cannot be searched for the codes offline. A code is bound to its user, the calling application
-- and, when one was given, a session. Every change is a conditional update: a wrong guess adds one
-- to attempts; verified_at is set once, by validateOTP; consumed_at is set once, by the reset that
-- spends the code, only while the code is neither invalidated, expired nor out of attempts. A new
-- code for the same user and application, and any password change, set invalidated_at.
create table one_time_code (
    id                 uuid                     not null primary key,
    correlation_id     varchar(64)              not null,
    code_hmac          varchar(64)              not null,
    user_id            uuid                     not null references store_user (id) on delete cascade,
    identity_store_id  varchar(12)              not null,
    app_name           varchar(128)             not null,
    session_id         varchar(256),
    created_at         timestamp with time zone not null,
    expires_at         timestamp with time zone not null,
    attempts           integer                  not null,
    max_attempts       integer                  not null,
    verified_at        timestamp with time zone,
    consumed_at        timestamp with time zone,
    invalidated_at     timestamp with time zone,
    constraint uk_one_time_code_correlation unique (correlation_id)
);

create index ix_one_time_code_user on one_time_code (user_id, app_name);
