-- Issue 16: an identity store is either this service's own table of users (INTERNAL) or an LDAP
-- directory (LDAP) whose connection comes from reset.ldap.stores.<name>. A directory's users are
-- not copied: each one this service has dealt with gets an anchor row in store_user keyed by the
-- directory's stable identifier (entryUUID, objectGUID), so that codes, links, history and sign-in
-- counters keep their foreign keys and cascades. An anchor holds no attribute of the directory's;
-- its user_name_key contains a space, which no user name's comparison form can, so no lookup by
-- name ever finds it.
alter table identity_store add column kind varchar(16) default 'INTERNAL' not null;
alter table identity_store add constraint ck_identity_store_kind check (kind in ('INTERNAL', 'LDAP'));
