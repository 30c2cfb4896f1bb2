-- Look-ups the ticket engine makes for every mail, kept fast as the tables grow.

-- The loop governor counts each recipient's recent automatic mail through this index for
-- every acknowledgement. With GIN's fast update, new entries wait in a pending list that
-- every search reads from end to end until the next vacuum: the count got slower with
-- every mail queued. Entries now go straight into the index.
ALTER INDEX outbox_recipients SET (fastupdate = off);
SELECT gin_clean_pending_list('outbox_recipients'::regclass);
