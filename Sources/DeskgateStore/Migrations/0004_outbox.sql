-- Outbound mail: what the outbox sender and the loop governor need beyond schema v1.

-- The envelope sender, fixed when queued like the Message-ID.
ALTER TABLE outbox ADD COLUMN mail_from text;
-- Counts against the per-recipient budget of automatic mail (acknowledgements, notices).
ALTER TABLE outbox ADD COLUMN automatic boolean NOT NULL DEFAULT true;
-- The server's reply for each refused recipient of a sent mail.
ALTER TABLE outbox ADD COLUMN refusals jsonb NOT NULL DEFAULT '[]';
-- A row a sender died holding is taken again once its claim runs out.
CREATE INDEX outbox_claimed ON outbox (next_attempt_at) WHERE state = 'sending';
-- The loop governor counts recent automatic mail per recipient.
CREATE INDEX outbox_recipients ON outbox USING gin (recipients);
