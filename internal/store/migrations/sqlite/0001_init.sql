-- dyad store, version 1: documents and what the coder read in them, events and their reports.
-- Dates are ISO text: 'YYYY-MM-DD' for days; an event's "date" keeps its precision
-- ('2025-08' for a month) and "day" is the first day it covers, for ranges.

CREATE TABLE documents (
    id             INTEGER PRIMARY KEY,
    source         TEXT    NOT NULL,              -- where it was read: a file, file:line, URL or feed
    url            TEXT    NOT NULL DEFAULT '',
    canonical_url  TEXT,                          -- NULL when the document has no URL
    outlet         TEXT    NOT NULL DEFAULT '',
    outlet_code    TEXT    NOT NULL DEFAULT '',   -- the outlet's actor code, e.g. IRNMED
    outlet_country TEXT    NOT NULL DEFAULT '',
    title          TEXT    NOT NULL DEFAULT '',
    published      TEXT    NOT NULL DEFAULT '',   -- 'YYYY-MM-DD', 'YYYY-MM', 'YYYY' or ''
    text_hash      TEXT    NOT NULL,              -- SHA-256 of the text with spaces folded
    simhash        INTEGER NOT NULL,              -- 64-bit SimHash of word shingles
    sh0            INTEGER NOT NULL,              -- four MinHash bands of the trigrams, to find near copies
    sh1            INTEGER NOT NULL,
    sh2            INTEGER NOT NULL,
    sh3            INTEGER NOT NULL,
    words          INTEGER NOT NULL DEFAULT 0,    -- words in the text
    minhash        BLOB    NOT NULL,              -- 64 MinHash values of the trigrams, 8 bytes each
    copy_of        INTEGER REFERENCES documents (id),
    text           TEXT    NOT NULL,
    ingested_at    TEXT    NOT NULL
);
CREATE UNIQUE INDEX documents_canonical_url ON documents (canonical_url);
CREATE UNIQUE INDEX documents_hash_outlet ON documents (text_hash, outlet);
CREATE INDEX documents_sh0 ON documents (sh0);
CREATE INDEX documents_sh1 ON documents (sh1);
CREATE INDEX documents_sh2 ON documents (sh2);
CREATE INDEX documents_sh3 ON documents (sh3);

CREATE TABLE sentences (
    doc_id   INTEGER NOT NULL REFERENCES documents (id),
    n        INTEGER NOT NULL,
    start    INTEGER NOT NULL,
    "end"    INTEGER NOT NULL,
    PRIMARY KEY (doc_id, n)
) WITHOUT ROWID;

CREATE TABLE mentions (
    doc_id   INTEGER NOT NULL REFERENCES documents (id),
    sentence INTEGER NOT NULL,
    start    INTEGER NOT NULL,
    "end"    INTEGER NOT NULL,
    code     TEXT    NOT NULL,
    country  TEXT    NOT NULL DEFAULT '',
    sector   TEXT    NOT NULL DEFAULT '',
    entity   TEXT    NOT NULL DEFAULT '',
    text     TEXT    NOT NULL,
    PRIMARY KEY (doc_id, start)
) WITHOUT ROWID;

CREATE TABLE quotes (
    doc_id          INTEGER NOT NULL REFERENCES documents (id),
    sentence        INTEGER NOT NULL,
    start           INTEGER NOT NULL,
    "end"           INTEGER NOT NULL,
    speaker_code    TEXT    NOT NULL DEFAULT '',
    speaker_text    TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (doc_id, start)
) WITHOUT ROWID;

CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    source          TEXT    NOT NULL,
    source_country  TEXT    NOT NULL DEFAULT '',
    source_sector   TEXT    NOT NULL DEFAULT '',
    source_entity   TEXT    NOT NULL DEFAULT '',
    target          TEXT    NOT NULL,
    target_country  TEXT    NOT NULL DEFAULT '',
    target_sector   TEXT    NOT NULL DEFAULT '',
    target_entity   TEXT    NOT NULL DEFAULT '',
    cameo           TEXT    NOT NULL,
    root            TEXT    NOT NULL,
    quad            INTEGER NOT NULL,
    goldstein       REAL    NOT NULL,
    plover          TEXT    NOT NULL DEFAULT '',
    plover_mode     TEXT    NOT NULL DEFAULT '',
    plover_context  TEXT    NOT NULL DEFAULT '',
    mode            TEXT    NOT NULL,
    date            TEXT    NOT NULL,
    date_precision  TEXT    NOT NULL,
    day             TEXT    NOT NULL,
    n_reports       INTEGER NOT NULL DEFAULT 0,   -- statements, in every document
    n_docs          INTEGER NOT NULL DEFAULT 0,   -- documents, copies included
    n_outlets       INTEGER NOT NULL DEFAULT 0,   -- distinct outlets
    n_countries     INTEGER NOT NULL DEFAULT 0,   -- distinct outlet countries
    first_doc       INTEGER NOT NULL DEFAULT 0,   -- the document that first told it
    first_outlet    TEXT    NOT NULL DEFAULT '',  -- its outlet
    first_url       TEXT    NOT NULL DEFAULT '',  -- its URL
    UNIQUE (source, target, cameo, mode, date),
    CHECK (length(cameo) BETWEEN 2 AND 4 AND source <> '' AND target <> ''),
    CHECK (day = '' OR day LIKE '____-__-__')           -- '' when the text gives no date
);
-- The timeline of a dyad reads this index alone: it holds every column the timeline needs.
CREATE INDEX events_countries_day ON events (source_country, target_country, day, quad, goldstein, source);
CREATE INDEX events_target_country_day ON events (target_country, day);
CREATE INDEX events_codes_day ON events (source, target, day);
CREATE INDEX events_target_day ON events (target, day);
CREATE INDEX events_day ON events (day);

CREATE TABLE reports (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES events (id),
    doc_id          INTEGER NOT NULL REFERENCES documents (id),
    sentence        INTEGER NOT NULL,
    start           INTEGER NOT NULL,
    "end"           INTEGER NOT NULL,
    source_text     TEXT    NOT NULL DEFAULT '',
    target_text     TEXT    NOT NULL DEFAULT '',
    speaker_code    TEXT    NOT NULL DEFAULT '',
    speaker_text    TEXT    NOT NULL DEFAULT '',
    rule            TEXT    NOT NULL DEFAULT '',
    confidence      REAL    NOT NULL DEFAULT 0,
    explain         TEXT    NOT NULL DEFAULT '',  -- JSON of the explanation
    outlet          TEXT    NOT NULL DEFAULT '',  -- the document's, kept here to count and filter
    outlet_country  TEXT    NOT NULL DEFAULT '',
    published       TEXT    NOT NULL DEFAULT '',
    UNIQUE (event_id, doc_id, start)
);
CREATE INDEX reports_doc ON reports (doc_id);
CREATE INDEX reports_event_outlet ON reports (event_id, outlet);
CREATE INDEX reports_outlet ON reports (outlet, event_id);
CREATE INDEX reports_outlet_country ON reports (outlet_country, event_id);
