-- Intake: what polling needs beyond schema v1.

-- Which process polls which folder: a lease that expires, so a second `deskgate serve` on
-- the same database waits as a standby instead of polling the same folder at once.
CREATE TABLE folder_leases (
    mailbox_id      bigint NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
    folder          text NOT NULL,
    holder          text NOT NULL,
    expires_at      timestamptz NOT NULL,
    PRIMARY KEY (mailbox_id, folder)
);

-- The outcome of processing a journal entry, until tickets take over: what the parser saw.
ALTER TABLE inbound_journal ADD COLUMN parse_summary jsonb;
ALTER TABLE inbound_journal ADD COLUMN replayed_at timestamptz;

-- Mailbox health for `deskgate mailbox status` and /readyz.
ALTER TABLE mailboxes ADD COLUMN last_poll_at timestamptz;
ALTER TABLE mailboxes ADD COLUMN last_success_at timestamptz;
ALTER TABLE mailboxes ADD COLUMN last_error text;
ALTER TABLE mailboxes ADD COLUMN last_error_at timestamptz;
ALTER TABLE mailboxes ADD COLUMN consecutive_failures integer NOT NULL DEFAULT 0;
