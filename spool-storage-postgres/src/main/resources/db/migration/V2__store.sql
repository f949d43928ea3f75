-- The long-term store (/store/*). A namespace is its labels joined by '.', so a prefix's items are a key range; the
-- "C" collation makes that range bytewise, as on SQLite (a language collation would ignore the dots). Embeddings are
-- little-endian float32 bytes, one row per indexed text (a field may give several: ord is
-- the vector's place among the item's), ranked by cosine similarity in Java.

CREATE TABLE store_items (
  namespace   text COLLATE "C" NOT NULL,
  key         text COLLATE "C" NOT NULL,
  value       text NOT NULL,
  created_at  bigint NOT NULL,
  updated_at  bigint NOT NULL,
  ttl_minutes double precision,
  expires_at  bigint,
  PRIMARY KEY (namespace, key)
);
CREATE INDEX store_items_updated ON store_items (updated_at);
CREATE INDEX store_items_expiry ON store_items (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE store_vectors (
  namespace text COLLATE "C" NOT NULL,
  key       text COLLATE "C" NOT NULL,
  ord       integer NOT NULL,
  field     text NOT NULL,
  vector    bytea NOT NULL,
  PRIMARY KEY (namespace, key, ord)
);
