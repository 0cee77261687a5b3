-- The outbox carries text messages too (createOTP's sms channel): one durable queue, one claim, one
-- retry and dead-letter discipline for every channel, so an SMS is written in the transaction of its
-- code exactly as a mail is. channel says which transport delivers a row. An SMS row holds the
-- normalized phone number (digits, an optional leading +) in recipient and the text in text_body,
-- which is set to null once it is SENT or DEAD like a mail's; it has no subject.
alter table mail_outbox add column channel varchar(8) default 'MAIL' not null;
alter table mail_outbox alter column subject drop not null;
alter table mail_outbox add constraint ck_mail_outbox_channel check (channel in ('MAIL', 'SMS'));
alter table mail_outbox add constraint ck_mail_outbox_subject check (channel <> 'MAIL' or subject is not null);
