-- Emailed reset links. Only the SHA-256 of a token (hex) is stored, so a copy of the database opens
-- no link. A token is used once: confirming it is a conditional update that sets consumed_at only
-- while consumed_at and invalidated_at are null and expires_at lies ahead, so of two concurrent
-- confirmations exactly one counts a row. Issuing a new link or one-time password, and every
-- password change, sets invalidated_at on the user's outstanding tokens.
create table reset_token (
    id                 uuid                     not null primary key,
    token_hash         varchar(64)              not null,
    user_id            uuid                     not null references store_user (id) on delete cascade,
    identity_store_id  varchar(12)              not null,
    purpose            varchar(32)              not null,
    created_at         timestamp with time zone not null,
    expires_at         timestamp with time zone not null,
    consumed_at        timestamp with time zone,
    invalidated_at     timestamp with time zone,
    constraint uk_reset_token_hash unique (token_hash),
    constraint ck_reset_token_purpose check (purpose in ('PASSWORD_RESET'))
);

create index ix_reset_token_user on reset_token (user_id);
