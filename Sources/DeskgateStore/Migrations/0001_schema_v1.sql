-- Schema v1: the records every later part of Deskgate builds on.
-- Applied once, in one transaction, by `deskgate migrate` or at `serve` start. Never edit
-- this file once released: add a new numbered migration instead.

-- Mailboxes and where polling stands in each folder --------------------------------------

CREATE TABLE mailboxes (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            text NOT NULL UNIQUE,
    address         text,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- One row per watched folder: IMAP UIDs only mean something within one UIDVALIDITY.
CREATE TABLE folder_checkpoints (
    mailbox_id      bigint NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
    folder          text NOT NULL,
    uid_validity    bigint NOT NULL,
    last_uid        bigint NOT NULL DEFAULT 0,
    last_success_at timestamptz,
    last_error      text,
    last_error_at   timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (mailbox_id, folder)
);

-- The raw inbound journal: bytes first, processing afterwards ---------------------------

CREATE TABLE inbound_journal (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mailbox_id      bigint REFERENCES mailboxes(id),
    source          text NOT NULL CHECK (source IN ('imap', 'maildir', 'stdin', 'file')),
    folder          text,
    uid_validity    bigint,
    uid             bigint,
    -- Maildir file name or command-line path, for the other ways in.
    source_key      text,
    raw             bytea NOT NULL,
    raw_sha256      bytea NOT NULL,
    size_bytes      integer NOT NULL,
    message_id      text,
    received_at     timestamptz NOT NULL DEFAULT now(),
    state           text NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'processed', 'quarantined')),
    attempts        integer NOT NULL DEFAULT 0,
    processed_at    timestamptz,
    quarantine_reason text,
    quarantined_at  timestamptz,
    CHECK (source <> 'imap' OR (folder IS NOT NULL AND uid_validity IS NOT NULL AND uid IS NOT NULL))
);
-- A message is journaled once per server position, however often a crash replays the fetch.
CREATE UNIQUE INDEX inbound_journal_imap_position
    ON inbound_journal (mailbox_id, folder, uid_validity, uid) WHERE source = 'imap';
CREATE UNIQUE INDEX inbound_journal_source_key
    ON inbound_journal (mailbox_id, source, source_key) WHERE source_key IS NOT NULL;
CREATE INDEX inbound_journal_pending ON inbound_journal (id) WHERE state = 'pending';
CREATE INDEX inbound_journal_message_id ON inbound_journal (message_id, raw_sha256);

-- People ----------------------------------------------------------------------------------

CREATE TABLE contacts (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    display_name    text NOT NULL DEFAULT '',
    is_agent        boolean NOT NULL DEFAULT false,
    is_vip          boolean NOT NULL DEFAULT false,
    language        text,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE contact_addresses (
    address         text PRIMARY KEY,            -- canonical (lower-cased) form
    contact_id      bigint NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    written_as      text NOT NULL,               -- as the person writes it
    undeliverable_until timestamptz,             -- set by hard bounces
    soft_bounce_count integer NOT NULL DEFAULT 0,
    last_bounce_at  timestamptz,
    last_bounce_status text,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contact_addresses_contact ON contact_addresses (contact_id);

-- Tickets ---------------------------------------------------------------------------------

-- One number space for every kind, so a reclassified ticket never collides with another.
CREATE SEQUENCE ticket_numbers;

CREATE TABLE tickets (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number          bigint NOT NULL UNIQUE DEFAULT nextval('ticket_numbers'),
    reference       text NOT NULL UNIQUE,
    kind            text NOT NULL CHECK (kind IN ('incident', 'request', 'problem', 'change')),
    state           text NOT NULL DEFAULT 'new'
                    CHECK (state IN ('new', 'in_progress', 'pending', 'resolved', 'closed')),
    priority        text NOT NULL DEFAULT 'P3' CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
    impact          smallint NOT NULL DEFAULT 3 CHECK (impact BETWEEN 1 AND 3),
    urgency         smallint NOT NULL DEFAULT 3 CHECK (urgency BETWEEN 1 AND 3),
    subject         text NOT NULL DEFAULT '',
    category        text,
    assignment_group text,
    requester_id    bigint NOT NULL REFERENCES contacts(id),
    assignee_id     bigint REFERENCES contacts(id),
    mailbox_id      bigint REFERENCES mailboxes(id),
    -- A stranger's mail with a valid tag, or a reply to a closed ticket, opens a linked ticket.
    related_ticket_id bigint REFERENCES tickets(id),
    language        text,
    reopen_count    integer NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    first_response_at timestamptz,
    in_progress_at  timestamptz,
    pending_since   timestamptz,
    resolved_at     timestamptz,
    closed_at       timestamptz,
    reopened_at     timestamptz
);
CREATE INDEX tickets_state ON tickets (state);
CREATE INDEX tickets_requester ON tickets (requester_id);

-- Every reference a ticket has ever carried keeps working after reclassification.
CREATE TABLE ticket_references (
    reference       text PRIMARY KEY,
    ticket_id       bigint NOT NULL REFERENCES tickets(id) ON DELETE CASCADE
);

-- Every state change with its time: the raw material of SLA clocks and KPIs.
CREATE TABLE ticket_state_changes (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id       bigint NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    from_state      text,
    to_state        text NOT NULL,
    changed_at      timestamptz NOT NULL DEFAULT now(),
    actor           text,
    note            text
);
CREATE INDEX ticket_state_changes_ticket ON ticket_state_changes (ticket_id, changed_at);

CREATE TABLE ticket_participants (
    ticket_id       bigint NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    contact_id      bigint NOT NULL REFERENCES contacts(id),
    role            text NOT NULL CHECK (role IN ('requester', 'cc', 'agent', 'watcher')),
    added_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ticket_id, contact_id)
);

-- Messages on tickets, in and out --------------------------------------------------------

CREATE TABLE messages (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id       bigint NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    journal_id      bigint REFERENCES inbound_journal(id),
    direction       text NOT NULL CHECK (direction IN ('inbound', 'outbound', 'note')),
    message_id      text,
    in_reply_to     text[] NOT NULL DEFAULT '{}',
    "references"    text[] NOT NULL DEFAULT '{}',
    sender_address  text,
    sender_name     text,
    subject         text NOT NULL DEFAULT '',
    body_text       text NOT NULL DEFAULT '',
    body_html       text,
    reply_text      text NOT NULL DEFAULT '',
    is_automatic    boolean NOT NULL DEFAULT false,
    sent_at         timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX messages_ticket ON messages (ticket_id, created_at);
-- Not unique: one mail delivered to two of our addresses is recognised by the resolver,
-- which needs to find the first copy, not be refused by the database.
CREATE INDEX messages_message_id ON messages (message_id) WHERE message_id IS NOT NULL;

-- Attachments are stored once per content, however many messages carry them.
CREATE TABLE attachment_blobs (
    sha256          bytea PRIMARY KEY CHECK (octet_length(sha256) = 32),
    content         bytea NOT NULL,
    size_bytes      bigint NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE attachments (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id      bigint NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    sha256          bytea NOT NULL REFERENCES attachment_blobs(sha256),
    filename        text,
    content_type    text NOT NULL DEFAULT 'application/octet-stream',
    content_id      text,
    is_inline       boolean NOT NULL DEFAULT false,
    position        integer NOT NULL
);
CREATE INDEX attachments_message ON attachments (message_id);

-- The outbox: written in the same transaction as the event that causes the mail ----------

CREATE TABLE outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id       bigint REFERENCES tickets(id) ON DELETE SET NULL,
    purpose         text NOT NULL,
    channel         text NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'chat')),
    -- Fixed when queued, so a resend after a crash is recognisably the same mail.
    message_id      text NOT NULL UNIQUE,
    recipients      text[] NOT NULL,
    subject         text NOT NULL DEFAULT '',
    raw             bytea,
    state           text NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'suppressed')),
    suppression_reason text,
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'queued';
CREATE INDEX outbox_ticket ON outbox (ticket_id);

-- What was decided about each inbound message, and why -----------------------------------

CREATE TABLE decisions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    journal_id      bigint REFERENCES inbound_journal(id) ON DELETE CASCADE,
    ticket_id       bigint REFERENCES tickets(id) ON DELETE SET NULL,
    outcome         text NOT NULL
                    CHECK (outcome IN ('new_ticket', 'follow_up', 'duplicate', 'ignored', 'quarantined', 'note')),
    rule            text NOT NULL,
    reason          text NOT NULL,
    details         jsonb NOT NULL DEFAULT '{}',
    decided_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX decisions_journal ON decisions (journal_id);
CREATE INDEX decisions_ticket ON decisions (ticket_id);

-- Knowledge -------------------------------------------------------------------------------

CREATE TABLE knowledge_articles (
    id              text PRIMARY KEY,
    title           text NOT NULL,
    tags            text[] NOT NULL DEFAULT '{}',
    language        text NOT NULL DEFAULT 'en',
    body_markdown   text NOT NULL,
    body_text       text NOT NULL,
    summary         text NOT NULL DEFAULT '',
    url             text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ticket_suggested_articles (
    ticket_id       bigint NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    article_id      text NOT NULL REFERENCES knowledge_articles(id) ON DELETE CASCADE,
    rank            smallint NOT NULL,
    score           real NOT NULL,
    suggested_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ticket_id, article_id)
);
