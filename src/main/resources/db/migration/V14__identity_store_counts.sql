-- How many users and groups each store holds, kept by the creations and deletions themselves: a
-- creation takes a place with one conditional update (user_count < the quota), in its own
-- transaction, so that a quota holds under concurrent creations without counting the store's rows
-- each time. The entity does not map these columns: they change only through those updates.
alter table identity_store add column user_count bigint default 0 not null;
alter table identity_store add column group_count bigint default 0 not null;
update identity_store set
    user_count = (select count(*) from store_user u where u.identity_store_id = identity_store.id),
    group_count = (select count(*) from store_group g where g.identity_store_id = identity_store.id);
