-- Knowledge base search: full text per language, trigram spelling help, and the
-- statistics the ranking weighs words with.

-- Trusted since PostgreSQL 13: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE knowledge_articles
    -- The file it was imported from, relative to the imported folder.
    ADD COLUMN source_file text,
    -- Re-importing an unchanged file changes nothing.
    ADD COLUMN content_hash text NOT NULL DEFAULT '',
    -- The text-search configuration of its language (english, german, …, simple).
    ADD COLUMN search_config text NOT NULL DEFAULT 'simple',
    -- Title and tags weigh A, summary B, body D.
    ADD COLUMN search tsvector NOT NULL DEFAULT ''::tsvector,
    -- Title and tags alone: common words find few articles here, so even a mail of common
    -- words finds its candidates without ranking half the base.
    ADD COLUMN title_search tsvector NOT NULL DEFAULT ''::tsvector,
    ADD COLUMN title_lexemes text[] NOT NULL DEFAULT '{}',
    ADD COLUMN tag_lexemes text[] NOT NULL DEFAULT '{}';

CREATE INDEX knowledge_articles_search ON knowledge_articles USING gin (search);
CREATE INDEX knowledge_articles_title_search ON knowledge_articles USING gin (title_search);

-- In how many articles each lexeme occurs (anywhere, and in title or tags), per
-- configuration: rare words weigh more, and the search asks for no more articles than it
-- can rank in a few milliseconds.
CREATE TABLE knowledge_lexemes (
    config          text NOT NULL,
    lexeme          text NOT NULL,
    documents       integer NOT NULL,
    title_documents integer NOT NULL,
    PRIMARY KEY (config, lexeme)
);

-- Every lexeme once, whatever its configuration: an unknown word of a mail is looked up
-- here by trigrams for the spelling the requester meant.
CREATE TABLE knowledge_words (
    lexeme          text PRIMARY KEY
);
CREATE INDEX knowledge_words_trigram ON knowledge_words USING gin (lexeme gin_trgm_ops);

-- How many articles each configuration indexes; rebuilt with the lexemes after an import.
CREATE TABLE knowledge_index (
    config          text PRIMARY KEY,
    articles        integer NOT NULL,
    refreshed_at    timestamptz NOT NULL DEFAULT now()
);

-- What was suggested stays on the ticket (for the deflection figure) even when the
-- article is later pruned; the title is kept for that reason.
ALTER TABLE ticket_suggested_articles DROP CONSTRAINT ticket_suggested_articles_article_id_fkey;
ALTER TABLE ticket_suggested_articles ADD COLUMN title text NOT NULL DEFAULT '';
