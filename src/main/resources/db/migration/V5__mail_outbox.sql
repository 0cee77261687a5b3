-- The mail outbox: a mail is queued in the transaction of the change that causes it, and a worker
-- delivers it afterwards, at least once. A worker claims a row with a conditional update that sets
-- SENDING and a lease (claimed_by, claimed_until); a row whose lease has run out is claimed again,
-- so a worker that dies mid-send loses nothing. The bodies carry reset links: they are set to null
-- once the mail is SENT or DEAD. last_error is a fixed text of the worker's, never the server's reply.
-- Bodies are varchar(100000) rather than text/clob, so that H2 and PostgreSQL read them alike.
create table mail_outbox (
    id               uuid                     primary key,
    recipient        varchar(320)             not null,
    subject          varchar(998)             not null,
    text_body        varchar(100000),
    html_body        varchar(100000),
    status           varchar(16)              not null,
    attempts         integer                  not null,
    next_attempt_at  timestamp with time zone not null,
    claimed_by       varchar(128),
    claimed_until    timestamp with time zone,
    created_at       timestamp with time zone not null,
    sent_at          timestamp with time zone,
    last_error       varchar(256),
    version          bigint                   not null,
    constraint ck_mail_outbox_status check (status in ('PENDING', 'SENDING', 'SENT', 'DEAD'))
);

create index ix_mail_outbox_due on mail_outbox (status, next_attempt_at);
