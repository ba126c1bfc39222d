-- The ad registry: advertisers (with the SHA-256 hex of their API key, never the key) and their ads.
-- Ids come from identity columns: sequences hand out each value once, even to a transaction that
-- rolls back, so an id is positive and never reused.

CREATE TABLE advertisers (
  id           BIGINT GENERATED ALWAYS AS IDENTITY (START WITH 1 MINVALUE 1 NO CYCLE) PRIMARY KEY,
  name         TEXT        NOT NULL,
  api_key_hash TEXT        NOT NULL UNIQUE,
  created_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE ads (
  id            BIGINT GENERATED ALWAYS AS IDENTITY (START WITH 1 MINVALUE 1 NO CYCLE) PRIMARY KEY,
  advertiser_id BIGINT      NOT NULL REFERENCES advertisers (id),
  name          TEXT        NOT NULL,
  target_url    TEXT        NOT NULL,
  -- The names of io.adclick.registry.AdStatus; a new status needs a migration widening this check.
  status        TEXT        NOT NULL CHECK (status IN ('ACTIVE', 'PAUSED')),
  created_at    TIMESTAMPTZ NOT NULL
);

-- An advertiser's ads in id order (adsOf), and the foreign key's index.
CREATE INDEX ads_by_advertiser ON ads (advertiser_id, id);
