-- Look-ups the ticket engine makes for every mail, kept fast as the tables grow.

-- The loop governor counts each recipient's recent automatic mail through this index for
-- every acknowledgement. With GIN's fast update, new entries wait in a pending list that
-- every search reads from end to end until the next vacuum: the count got slower with
-- every mail queued. Entries now go straight into the index.
ALTER INDEX outbox_recipients SET (fastupdate = off);
SELECT gin_clean_pending_list('outbox_recipients'::regclass);

-- Each new mail is checked against the inbound messages already stored, by Message-ID or
-- (without one) by fingerprint; these partial indexes hold only inbound mail.
CREATE INDEX messages_inbound_message_id ON messages (message_id, id) WHERE direction = 'inbound' AND message_id IS NOT NULL;
CREATE INDEX messages_inbound_fingerprint ON messages (fingerprint, id) WHERE direction = 'inbound' AND fingerprint IS NOT NULL;
