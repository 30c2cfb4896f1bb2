-- Tickets from mail: what the ticket engine needs beyond schema v1.

-- A mail without a Message-ID is still recognised when delivered twice: a hash of its
-- sender, date, subject and text stands in.
ALTER TABLE messages ADD COLUMN fingerprint text;
CREATE INDEX messages_fingerprint ON messages (fingerprint) WHERE fingerprint IS NOT NULL;
-- Which automatic mail this was (auto_reply, bounce, bulk…), for system notes.
ALTER TABLE messages ADD COLUMN automation text;

-- Why a ticket has its kind, priority and route: shown by `deskgate ticket show`.
ALTER TABLE tickets ADD COLUMN triage jsonb NOT NULL DEFAULT '{}';

-- Secrets Deskgate makes for itself (the key that signs our Message-IDs), shared by every
-- instance on the database and kept across restarts.
CREATE TABLE deskgate_secrets (
    name            text PRIMARY KEY,
    value           bytea NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
