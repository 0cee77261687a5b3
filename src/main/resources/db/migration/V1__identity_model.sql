-- One schema for H2 (the embedded default) and PostgreSQL: only portable types and constraints.
-- Case-insensitive uniqueness uses a lower-cased *_key column maintained by the application,
-- because H2 has no expression indexes.

-- The service runs exactly one organization; the constant, unique only_one column makes a second
-- bootstrap (two instances starting on one empty database) fail instead of creating another.
create table organization (
    id                     varchar(32)              not null primary key,
    only_one               boolean                  default true not null unique check (only_one),
    management_account_id  varchar(32)              not null unique,
    created_at             timestamp with time zone not null,
    version                bigint                   not null
);

create table account (
    id               varchar(32)              not null primary key,
    organization_id  varchar(32)              not null references organization (id),
    name             varchar(64)              not null,
    name_key         varchar(64)              not null,
    email            varchar(254),
    created_at       timestamp with time zone not null,
    created_by       varchar(32)              not null,
    version          bigint                   not null,
    constraint uk_account_name unique (organization_id, name_key)
);

create table delegated_administrator (
    account_id     varchar(32)              not null primary key references account (id),
    registered_at  timestamp with time zone not null,
    registered_by  varchar(32)              not null,
    version        bigint                   not null
);

create table identity_store (
    id           varchar(12)              not null primary key,
    name         varchar(64)              not null,
    name_key     varchar(64)              not null unique,
    instance_id  varchar(24)              not null unique,
    created_at   timestamp with time zone not null,
    created_by   varchar(32)              not null,
    version      bigint                   not null
);

create table store_user (
    id                        uuid                     not null primary key,
    identity_store_id         varchar(12)              not null references identity_store (id),
    user_name                 varchar(128)             not null,
    user_name_key             varchar(128)             not null,
    display_name              varchar(256),
    family_name               varchar(128),
    given_name                varchar(128),
    middle_name               varchar(128),
    formatted_name            varchar(512),
    honorific_prefix          varchar(64),
    honorific_suffix          varchar(64),
    nickname                  varchar(128),
    locale                    varchar(35),
    preferred_language        varchar(35),
    timezone                  varchar(64),
    title                     varchar(128),
    user_type                 varchar(64),
    enabled                   boolean                  not null,
    email_verified            boolean                  not null,
    distinguished_name        varchar(1024),
    password_hash             varchar(255),
    password_change_required  boolean                  not null,
    password_set_at           timestamp with time zone,
    created_at                timestamp with time zone not null,
    created_by                varchar(32)              not null,
    updated_at                timestamp with time zone not null,
    updated_by                varchar(32)              not null,
    version                   bigint                   not null,
    constraint uk_store_user_name unique (identity_store_id, user_name_key)
);

create table store_user_email (
    user_id              uuid         not null references store_user (id) on delete cascade,
    position             integer      not null,
    email_value          varchar(254) not null,
    email_type           varchar(32),
    is_primary           boolean      not null,
    verification_status  varchar(16)  not null,
    primary key (user_id, position)
);

create table store_user_phone_number (
    user_id       uuid        not null references store_user (id) on delete cascade,
    position      integer     not null,
    phone_value   varchar(64) not null,
    phone_type    varchar(32),
    is_primary    boolean     not null,
    primary key (user_id, position)
);

create table password_policy (
    identity_store_id             varchar(12)              not null primary key references identity_store (id),
    minimum_password_length       integer                  not null,
    require_uppercase_characters  boolean                  not null,
    require_lowercase_characters  boolean                  not null,
    require_numbers               boolean                  not null,
    require_symbols               boolean                  not null,
    max_password_age              integer,
    password_reuse_prevention     integer,
    updated_at                    timestamp with time zone not null,
    updated_by                    varchar(32)              not null,
    version                       bigint                   not null
);

create table access_key (
    access_key_id      varchar(20)              not null primary key,
    account_id         varchar(32)              not null references account (id),
    secret_ciphertext  varchar(255)             not null,
    status             varchar(16)              not null,
    created_at         timestamp with time zone not null,
    version            bigint                   not null
);

create index ix_access_key_account on access_key (account_id);
