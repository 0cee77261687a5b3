-- Huawei's user model beyond names, emails and phone numbers: profile_url, the enterprise
-- extension (with its manager), addresses and external ids. Lengths match UserAttributeRules.
alter table store_user add column profile_url varchar(1024);
alter table store_user add column employee_number varchar(64);
alter table store_user add column cost_center varchar(128);
alter table store_user add column enterprise_organization varchar(256);
alter table store_user add column division varchar(256);
alter table store_user add column department varchar(256);
alter table store_user add column manager varchar(256);

create table store_user_address (
    user_id         uuid          not null references store_user (id) on delete cascade,
    position        integer       not null,
    street_address  varchar(1024),
    locality        varchar(256),
    region          varchar(256),
    postal_code     varchar(32),
    country         varchar(64),
    formatted       varchar(1024),
    address_type    varchar(32),
    is_primary      boolean       not null,
    primary key (user_id, position)
);

create table store_user_external_id (
    user_id      uuid          not null references store_user (id) on delete cascade,
    position     integer       not null,
    issuer       varchar(256)  not null,
    external_id  varchar(256)  not null,
    primary key (user_id, position)
);
