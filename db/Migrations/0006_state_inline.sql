-- A dossier's state is a JSON document of 2–4 KB that is rewritten at every step. PostgreSQL compresses (pglz) any
-- row over 2 KB on each write, which cost about a fifth of the database's CPU per step. Rows up to a page (8,160
-- bytes) now stay inline and uncompressed; larger ones are still compressed and moved out of line as before.
ALTER TABLE orleansstorage SET (toast_tuple_target = 8160);
