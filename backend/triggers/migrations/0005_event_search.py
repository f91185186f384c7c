"""Payload search on PostgreSQL: a GIN index over the words and numbers of the event body, instead
of the trigram index over all of it (0003), which cost more than the rest of a stored run together
(~4.9-6.4 KB per 3.2 KB order) and ~1,000 index entries per event to maintain.

`dovetail_event_search(body)` is the body's string and number values (not its keys) as a tsvector
of whole words ('simple': lower-cased, no stemming, no stop words). It is what the index holds.
PARALLEL UNSAFE: its exception block is a subtransaction, which no process of a parallel query
may start, the leader included. COST 5000 (~0.3 ms, a JSON parse): the planner reads the index
for a rare word rather than compute it for row after row.

`dovetail_search_query(search)` turns what an operator typed into a tsquery: every word must be
found; each token of a word (as the same parser reads the payload: "#1001" -> 1001, "Bob Norman"
-> bob & norman, "bob@example.com" stays one token) matches as a prefix when it has 3 characters
or more, else exactly; and a word as typed (without surrounding punctuation) may also be the
start of a token, so "ana@example" finds ana@example.com. A search without any word finds nothing.

SQLite has neither: there the runs list searches the body as a substring (backend/runs/selectors.py).
"""

from django.db import migrations

EVENT_SEARCH = r"""
CREATE OR REPLACE FUNCTION dovetail_event_search(body text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL UNSAFE COST 5000 AS $$
BEGIN
    RETURN pg_catalog.jsonb_to_tsvector('pg_catalog.simple', body::pg_catalog.jsonb, '["string", "numeric"]');
EXCEPTION WHEN others THEN
    -- JSON that Python accepts and PostgreSQL does not (NaN, \u0000): the words of the raw text.
    -- A body past tsvector's 1 MB is not searchable rather than refused.
    BEGIN
        RETURN pg_catalog.to_tsvector('pg_catalog.simple', body);
    EXCEPTION WHEN others THEN
        RETURN ''::pg_catalog.tsvector;
    END;
END
$$
"""

SEARCH_QUERY = r"""
CREATE OR REPLACE FUNCTION dovetail_search_query(search text) RETURNS tsquery
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    word text;
    whole text;
    found boolean;
    term pg_catalog.tsquery;
    result pg_catalog.tsquery;
BEGIN
    FOR word IN SELECT w FROM pg_catalog.regexp_split_to_table(pg_catalog.lower(search), '\s+') AS w WHERE w <> '' LOOP
        -- The word's tokens as the payload's were read, all required; a prefix from 3 characters.
        SELECT pg_catalog.string_agg(
                   '''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || ''''
                   || CASE WHEN pg_catalog.length(lexeme) >= 3 THEN ':*' ELSE '' END, ' & ')::pg_catalog.tsquery,
               pg_catalog.bool_or(lexeme = pg_catalog.regexp_replace(word, '^\W+|\W+$', '', 'g'))
          INTO term, found
          FROM pg_catalog.unnest(pg_catalog.to_tsvector('pg_catalog.simple', word));
        -- Or the word as typed is the start of one token: "ana@example" of ana@example.com.
        whole := pg_catalog.regexp_replace(word, '^\W+|\W+$', '', 'g');
        IF pg_catalog.length(whole) >= 3 AND NOT coalesce(found, false) THEN
            whole := '''' || replace(replace(whole, '\', '\\'), '''', '''''') || ''':*';
            term := CASE WHEN term IS NULL THEN whole::pg_catalog.tsquery ELSE term || whole::pg_catalog.tsquery END;
        END IF;
        IF term IS NOT NULL THEN
            result := CASE WHEN result IS NULL THEN term ELSE result && term END;
        END IF;
    END LOOP;
    RETURN result;
END
$$
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(EVENT_SEARCH)
    schema_editor.execute(SEARCH_QUERY)
    # A small pending list: new entries are merged into the index every ~100 events rather than
    # every ~4 MB, so the index does not carry megabytes of unmerged entries that every search
    # scans in full.
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS event_body_search ON triggers_event "
        "USING gin (dovetail_event_search(body)) WITH (gin_pending_list_limit = 256)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS event_body_trgm")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS event_body_trgm ON triggers_event USING gin (UPPER(body) gin_trgm_ops)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS event_body_search")
    schema_editor.execute("DROP FUNCTION IF EXISTS dovetail_search_query(text)")
    schema_editor.execute("DROP FUNCTION IF EXISTS dovetail_event_search(text)")


class Migration(migrations.Migration):
    dependencies = [("triggers", "0004_poll_state")]
    operations = [migrations.RunPython(forwards, backwards)]
