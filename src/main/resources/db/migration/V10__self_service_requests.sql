-- Self-service ("forgot password") requests between their 202 and their processing. The request
-- thread inserts a row in the same transaction as the per-address limit's event, whether or not the
-- user exists; a worker on any instance claims it with a conditional update that sets claimed_by
-- and a lease (claimed_until), so a row whose worker died is claimed again once the lease runs out.
-- Processing deletes the row in the transaction that queues the link mail and its audit, so a link
-- is queued exactly once; a failed attempt puts the row back for next_attempt_at, and the last one
-- deletes it with a failure audit. user_name and email are what the user typed (personal data, and
-- maybe a mistyped password): they live only until the row is processed, and no other table gets
-- them. last_error is a fixed text of the worker's (an exception type), never a value.
create table self_service_request (
    id                 uuid                     not null primary key,
    identity_store_id  varchar(64)              not null,
    user_name          varchar(254),
    email              varchar(254),
    account_id         varchar(64),
    access_key_id      varchar(64),
    client_address     varchar(255),
    request_id         varchar(64),
    attempts           integer                  not null,
    next_attempt_at    timestamp with time zone not null,
    claimed_by         varchar(128),
    claimed_until      timestamp with time zone,
    last_error         varchar(256),
    created_at         timestamp with time zone not null,
    constraint ck_self_service_request_user check (user_name is not null or email is not null)
);

create index ix_self_service_request_due on self_service_request (next_attempt_at);
