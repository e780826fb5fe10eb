-- Orleans' ADO.NET providers read every statement they run from this table, by key, at start-up.
-- Its name and columns are fixed by the providers; the statements are ours.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL PRIMARY KEY,
    QueryText varchar(8000) NOT NULL
);
