-- rfm_postgresql.sql: SmartSeg's per-customer input table, computed inside
-- PostgreSQL (12 or later) with the rules of `smartseg analyze` (README,
-- "When the data lives in a warehouse"). One row per customer:
--   CustomerID, Recency, Frequency, Monetary, T, MonetaryMean
--
-- It reads two relations (tables or views), column names unquoted:
--   invoices(CustomerID text, InvoiceNo text (may be NULL throughout),
--            InvoiceDate timestamp (UTC, without time zone),
--            Quantity numeric, UnitPrice numeric)
--   params(snapshot date, returns text)   one row; NULL = the CLI's default
--     snapshot: rows after it are ignored, Recency and T are measured to it
--               (default: Recency to a day after the latest purchase, T to
--               the day of the latest purchase);
--     returns:  'net' (default: returns reduce Monetary) or 'exclude'
--               (lines with a negative Quantity or amount and cancelled invoices,
--               InvoiceNo starting with C, are dropped first).
-- Point it at a real table with two views, then export the result:
--   CREATE TEMP VIEW invoices AS
--     SELECT customer_id::text AS CustomerID, order_no::text AS InvoiceNo,
--            ordered_at AT TIME ZONE 'UTC' AS InvoiceDate,
--            qty AS Quantity, unit_price AS UnitPrice
--     FROM sales.order_lines;
--   CREATE TEMP VIEW params AS
--     SELECT NULL::date AS snapshot, 'net'::text AS returns;
--   psql -X -q --csv -v ON_ERROR_STOP=1 -c '...the two views...' \
--        -f sql/rfm_postgresql.sql -o customers.csv
-- (a table with one amount per line instead of Quantity x UnitPrice:
--  sign(amount) AS Quantity, abs(amount) AS UnitPrice keeps returns negative)
WITH p AS (
	SELECT s.snapshot,
	       CASE WHEN coalesce(s.returns, 'net') IN ('net', 'exclude')
	            THEN coalesce(s.returns, 'net')
	            -- a clear error: the cast of this text fails with it
	            ELSE CAST('params.returns must be net or exclude, not ' || s.returns AS integer)::text
	       END AS returns
	FROM (SELECT (SELECT snapshot FROM params) AS snapshot,
	             (SELECT returns FROM params) AS returns) s
),
-- without any invoice number, Frequency counts distinct purchase timestamps
has_inv AS (
	SELECT EXISTS (SELECT 1 FROM invoices WHERE InvoiceNo IS NOT NULL) AS yes
),
line AS (
	SELECT btrim(CustomerID, E' \t\r\n') AS cid_t,
	       btrim(InvoiceNo, E' \t\r\n') AS inv_t,
	       InvoiceDate AS ts,
	       CAST(Quantity AS double precision) AS qty,
	       CAST(Quantity AS double precision) * CAST(UnitPrice AS double precision) AS amount
	FROM invoices
),
-- the rows the CLI keeps: a customer (empty and pandas' missing tokens are
-- missing), a date, a finite amount; an id such as 17850.0 is 17850;
-- invoice numbers compare without surrounding spaces, as the CLI reads them
kept AS (
	SELECT regexp_replace(l.cid_t, '^([0-9]+)[.]0*$', '\1') AS cid,
	       CASE WHEN l.inv_t = '' OR l.inv_t IN ('NA', 'N/A', 'n/a', 'NaN', 'nan', '-NaN',
	                 '-nan', 'NULL', 'null', 'None', '#N/A', '#N/A N/A', '#NA', '<NA>',
	                 '1.#IND', '1.#QNAN', '-1.#IND', '-1.#QNAN')
	            THEN NULL ELSE l.inv_t END AS inv,
	       l.ts, l.amount
	FROM line l CROSS JOIN p
	WHERE l.cid_t <> ''
	  AND l.cid_t NOT IN ('NA', 'N/A', 'n/a', 'NaN', 'nan', '-NaN', '-nan', 'NULL',
	                      'null', 'None', '#N/A', '#N/A N/A', '#NA', '<NA>', '1.#IND',
	                      '1.#QNAN', '-1.#IND', '-1.#QNAN')
	  AND l.ts IS NOT NULL
	  -- NULL, NaN and infinities fail both (NaN sorts above Infinity)
	  AND l.amount > '-Infinity'::float8 AND l.amount < 'Infinity'::float8
	  AND (p.snapshot IS NULL OR l.ts <= p.snapshot)
	  AND (p.returns = 'net' OR NOT (l.qty < 0 OR l.amount < 0 OR coalesce(l.inv_t LIKE 'C%', false)))
),
obs AS (
	SELECT coalesce(CAST(p.snapshot AS timestamp), max(k.ts) + INTERVAL '1 day') AS recency_end,
	       coalesce(p.snapshot, CAST(max(k.ts) AS date)) AS t_end
	FROM kept k CROSS JOIN p
	GROUP BY p.snapshot
),
rfm AS (
	SELECT k.cid, max(k.ts) AS last_ts,
	       CASE WHEN h.yes THEN count(DISTINCT k.inv) ELSE count(DISTINCT k.ts) END AS frequency,
	       sum(k.amount) AS monetary
	FROM kept k CROSS JOIN has_inv h
	GROUP BY k.cid, h.yes
),
-- lifetime value inputs (lifetimes' summary_data_from_transaction_data,
-- freq="D"): positive lines summed per calendar day
pday AS (
	SELECT cid, CAST(ts AS date) AS d, sum(amount) AS v
	FROM kept WHERE amount > 0
	GROUP BY cid, CAST(ts AS date)
),
pday1 AS (
	SELECT cid, d, v, min(d) OVER (PARTITION BY cid) AS first_day FROM pday
),
clv AS (
	SELECT cid, min(first_day) AS first_day,
	       coalesce(avg(CASE WHEN d > first_day THEN v END), 0) AS monetary_mean
	FROM pday1 GROUP BY cid
)
SELECT r.cid AS "CustomerID",
       CAST(floor(extract(epoch FROM o.recency_end - r.last_ts) / 86400) AS bigint) AS "Recency",
       r.frequency AS "Frequency",
       r.monetary AS "Monetary",
       o.t_end - c.first_day AS "T",
       c.monetary_mean AS "MonetaryMean"
FROM rfm r CROSS JOIN obs o LEFT JOIN clv c ON c.cid = r.cid
ORDER BY r.cid COLLATE "C";
