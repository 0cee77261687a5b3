-- Issue 16: a directory has no unique index on its user-name attribute, and a writable LDAP
-- store's CreateUser cannot hold a transaction across the directory's add. So a creation first
-- claims the user name here, in a short transaction of its own: the primary key lets exactly one
-- of concurrent creations of a name (in its comparison form, as store_user.user_name_key) insert
-- the row; the others are refused as a taken name. The row is deleted, by claim_id, once the
-- directory has answered; one left by an instance that stopped meanwhile lapses at claimed_until
-- and is taken over by a conditional update.
create table directory_user_name_claim (
    identity_store_id  varchar(12)              not null references identity_store (id) on delete cascade,
    user_name_key      varchar(128)             not null,
    claim_id           uuid                     not null,
    claimed_until      timestamp with time zone not null,
    constraint pk_directory_user_name_claim primary key (identity_store_id, user_name_key)
);
