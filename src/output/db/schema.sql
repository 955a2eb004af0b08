-- OUT/minutes.sqlite: the action history of one scan as tables.
-- Column meanings: docs/database.md. Every row is inserted in output order
-- (organisation, meeting date, document, position), so two scans of the
-- same archive give the same file whatever -j is.

CREATE TABLE run (
  schema_version INTEGER NOT NULL,
  version TEXT NOT NULL,
  rules_hash TEXT NOT NULL,
  archive TEXT NOT NULL,
  documents INTEGER NOT NULL,
  pages INTEGER NOT NULL,
  actions INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  skipped INTEGER NOT NULL,
  warnings INTEGER NOT NULL,
  scanned_documents INTEGER NOT NULL
);

CREATE TABLE documents (
  doc_id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  sha TEXT,
  pages INTEGER,
  read_status TEXT NOT NULL,
  duplicate_of INTEGER REFERENCES documents(doc_id),
  unmapped_glyphs INTEGER,
  scanned_pages TEXT,
  action_cues TEXT
);

CREATE TABLE document_warnings (
  doc_id INTEGER NOT NULL REFERENCES documents(doc_id),
  seq INTEGER NOT NULL,
  warning TEXT NOT NULL,
  PRIMARY KEY (doc_id, seq)
);

CREATE TABLE meetings (
  meeting_id INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL UNIQUE REFERENCES documents(doc_id),
  organisation TEXT NOT NULL,
  title TEXT NOT NULL,
  meeting_date TEXT,
  next_meeting TEXT
);

CREATE TABLE attendees (
  meeting_id INTEGER NOT NULL REFERENCES meetings(meeting_id),
  list TEXT NOT NULL,
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  title TEXT,
  role TEXT,
  initials TEXT,
  chair INTEGER NOT NULL,
  PRIMARY KEY (meeting_id, list, seq)
);

CREATE TABLE items (
  item_id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meetings(meeting_id),
  seq INTEGER NOT NULL,
  item TEXT NOT NULL,
  number TEXT NOT NULL,
  sub TEXT,
  title TEXT NOT NULL,
  parent_title TEXT,
  text TEXT NOT NULL,
  page INTEGER NOT NULL,
  UNIQUE (meeting_id, seq)
);

CREATE TABLE item_themes (
  item_id INTEGER NOT NULL REFERENCES items(item_id),
  seq INTEGER NOT NULL,
  theme TEXT NOT NULL,
  PRIMARY KEY (item_id, seq)
);

CREATE TABLE chains (
  chain_id TEXT PRIMARY KEY,
  organisation TEXT NOT NULL,
  owners TEXT NOT NULL,
  text TEXT NOT NULL,
  first_raised TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  meeting_count INTEGER NOT NULL,
  days INTEGER NOT NULL
);

CREATE TABLE actions (
  action_pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  meeting_id INTEGER NOT NULL REFERENCES meetings(meeting_id),
  item_id INTEGER REFERENCES items(item_id),
  seq INTEGER NOT NULL,
  document TEXT NOT NULL,
  organisation TEXT NOT NULL,
  meeting_date TEXT,
  item TEXT NOT NULL,
  item_title TEXT NOT NULL,
  text TEXT NOT NULL,
  page INTEGER NOT NULL,
  due_text TEXT,
  due_date TEXT,
  inferred INTEGER NOT NULL,
  source TEXT NOT NULL,
  same_as TEXT,
  status TEXT,
  status_text TEXT,
  markers TEXT,
  chain_id TEXT REFERENCES chains(chain_id) DEFERRABLE INITIALLY DEFERRED,
  carried_forward INTEGER NOT NULL,
  first_date TEXT,
  overdue INTEGER NOT NULL,
  chain_meetings INTEGER,
  chain_days INTEGER,
  status_read_date TEXT,
  status_read_document TEXT,
  status_read_page INTEGER,
  status_read_status TEXT,
  status_read_text TEXT,
  UNIQUE (meeting_id, seq)
);
CREATE INDEX actions_by_id ON actions(id);
CREATE INDEX actions_by_chain ON actions(chain_id);

CREATE TABLE action_owners (
  action_pk INTEGER NOT NULL REFERENCES actions(action_pk),
  seq INTEGER NOT NULL,
  token TEXT NOT NULL,
  name TEXT,
  resolution TEXT,
  resolved_as TEXT,
  candidates TEXT,
  from_history INTEGER NOT NULL,
  PRIMARY KEY (action_pk, seq)
);
CREATE INDEX action_owners_by_name ON action_owners(name);

CREATE TABLE action_themes (
  action_pk INTEGER NOT NULL REFERENCES actions(action_pk),
  seq INTEGER NOT NULL,
  theme TEXT NOT NULL,
  PRIMARY KEY (action_pk, seq)
);

CREATE TABLE action_status_history (
  action_pk INTEGER NOT NULL REFERENCES actions(action_pk),
  seq INTEGER NOT NULL,
  date TEXT NOT NULL,
  document TEXT NOT NULL,
  page INTEGER NOT NULL,
  status TEXT NOT NULL,
  text TEXT,
  PRIMARY KEY (action_pk, seq)
);

CREATE TABLE chain_links (
  chain_id TEXT NOT NULL REFERENCES chains(chain_id),
  seq INTEGER NOT NULL,
  date TEXT NOT NULL,
  document TEXT NOT NULL,
  item TEXT NOT NULL,
  action_id TEXT NOT NULL,
  PRIMARY KEY (chain_id, seq)
);

CREATE TABLE decisions (
  decision_pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  meeting_id INTEGER NOT NULL REFERENCES meetings(meeting_id),
  seq INTEGER NOT NULL,
  document TEXT NOT NULL,
  organisation TEXT NOT NULL,
  meeting_date TEXT,
  item TEXT NOT NULL,
  item_title TEXT NOT NULL,
  kind TEXT NOT NULL,
  label TEXT NOT NULL,
  text TEXT NOT NULL,
  page INTEGER NOT NULL,
  UNIQUE (meeting_id, seq)
);

CREATE TABLE themes (
  theme_pk INTEGER PRIMARY KEY,
  theme TEXT NOT NULL,
  source TEXT NOT NULL,
  organisation TEXT,
  meetings INTEGER NOT NULL,
  actions INTEGER NOT NULL,
  first_date TEXT,
  last_date TEXT,
  recurring INTEGER NOT NULL
);

CREATE TABLE theme_years (
  theme_pk INTEGER NOT NULL REFERENCES themes(theme_pk),
  year TEXT NOT NULL,
  meetings INTEGER NOT NULL,
  PRIMARY KEY (theme_pk, year)
);

CREATE TABLE recurring_items (
  recurring_pk INTEGER PRIMARY KEY,
  organisation TEXT NOT NULL,
  title TEXT NOT NULL,
  normalised TEXT NOT NULL,
  count INTEGER NOT NULL,
  first_date TEXT,
  last_date TEXT
);

CREATE TABLE recurring_item_meetings (
  recurring_pk INTEGER NOT NULL REFERENCES recurring_items(recurring_pk),
  seq INTEGER NOT NULL,
  date TEXT,
  document TEXT NOT NULL,
  item TEXT NOT NULL,
  title TEXT NOT NULL,
  PRIMARY KEY (recurring_pk, seq)
);

CREATE TABLE errors (
  error_pk INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL REFERENCES documents(doc_id),
  document TEXT NOT NULL,
  kind TEXT NOT NULL,
  error TEXT NOT NULL
);

-- Full-text search over action text and agenda item titles (external
-- content: the text is stored once, in `actions` and `items`).
CREATE VIRTUAL TABLE actions_fts USING fts5(
  text, item_title, content='actions', content_rowid='action_pk'
);
CREATE VIRTUAL TABLE items_fts USING fts5(
  title, content='items', content_rowid='item_id'
);

-- Each owner (resolved name, else the token as printed) and their actions.
CREATE VIEW owner_actions AS
SELECT COALESCE(o.name, o.token) AS owner,
       COALESCE(o.resolution, CASE WHEN o.name IS NULL THEN 'unresolved' ELSE 'resolved' END) AS resolution,
       a.organisation,
       COUNT(*) AS actions,
       SUM(COALESCE(a.status, 'open') = 'open') AS open,
       SUM(a.carried_forward) AS carried_forward,
       MIN(a.meeting_date) AS first_date,
       MAX(a.meeting_date) AS last_date
FROM action_owners o JOIN actions a USING (action_pk)
GROUP BY 1, 2, 3;

-- Actions still open as far as the minutes show (no status read, or open),
-- with their owners joined in order.
CREATE VIEW open_actions AS
SELECT a.id, a.organisation, a.meeting_date, a.document, a.page, a.item,
       a.item_title, a.text,
       (SELECT group_concat(COALESCE(o.name, o.token), '; ')
          FROM (SELECT name, token FROM action_owners
                 WHERE action_pk = a.action_pk ORDER BY seq) o) AS owners,
       a.due_date, a.overdue, a.chain_id, a.carried_forward,
       COALESCE(a.status, 'open') AS status
FROM actions a
WHERE COALESCE(a.status, 'open') = 'open'
ORDER BY a.action_pk;

-- Carried-forward chains with their length in meetings and days.
CREATE VIEW carried_chains AS
SELECT c.chain_id, c.organisation, c.owners, c.text, c.first_raised,
       c.last_seen, c.meeting_count, c.days,
       (SELECT COUNT(*) FROM chain_links l WHERE l.chain_id = c.chain_id) AS links
FROM chains c
ORDER BY c.meeting_count DESC, c.days DESC, c.chain_id;
