-- Groups of an identity store and their user members (Huawei's group and group-membership
-- operations). Display names are unique per store in their PRECIS Nickname comparison form, and
-- no two of a store look alike (the UTS #39 skeleton digest), as user names are.
create table store_group (
    id                    uuid                     not null primary key,
    identity_store_id     varchar(12)              not null references identity_store (id),
    display_name          varchar(128)             not null,
    display_name_key      varchar(128)             not null,
    display_name_skeleton varchar(64)              not null,
    description           varchar(1024),
    created_at            timestamp with time zone not null,
    created_by            varchar(32)              not null,
    updated_at            timestamp with time zone not null,
    updated_by            varchar(32)              not null,
    version               bigint                   not null,
    constraint uk_store_group_name unique (identity_store_id, display_name_key),
    constraint uk_store_group_skeleton unique (identity_store_id, display_name_skeleton)
);

-- A member is a user of the group's store. The service removes a user's or a group's
-- memberships in the transaction that deletes it; the foreign keys, without cascade, make a
-- path that forgets to fail rather than leave a membership behind.
create table group_membership (
    id                 uuid                     not null primary key,
    identity_store_id  varchar(12)              not null references identity_store (id),
    group_id           uuid                     not null references store_group (id),
    user_id            uuid                     not null references store_user (id),
    created_at         timestamp with time zone not null,
    created_by         varchar(32)              not null,
    constraint uk_group_membership unique (group_id, user_id)
);

create index ix_group_membership_user on group_membership (user_id, id);
create index ix_group_membership_group on group_membership (group_id, id);
