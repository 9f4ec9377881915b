-- rfm_bigquery.sql: SmartSeg's per-customer input table, computed inside
-- BigQuery (GoogleSQL) with the rules of `smartseg analyze` (README, "When
-- the data lives in a warehouse"). One row per customer:
--   CustomerID, Recency, Frequency, Monetary, T, MonetaryMean
-- Checked on paper only: SmartSeg's tests run the same query, dialect for
-- dialect, on PostgreSQL, DuckDB and Spark, not on BigQuery.
--
-- It reads two tables or views of the default dataset:
--   invoices(CustomerID STRING, InvoiceNo STRING (may be NULL throughout),
--            InvoiceDate TIMESTAMP, Quantity FLOAT64, UnitPrice FLOAT64)
--   params(snapshot DATE, returns STRING)   one row; NULL = the CLI's default
--     snapshot: rows after it are ignored, Recency and T are measured to it
--               (default: Recency to a day after the latest purchase, T to
--               the day of the latest purchase);
--     returns:  'net' (default: returns reduce Monetary) or 'exclude'
--               (lines with a negative Quantity or amount and cancelled invoices,
--               InvoiceNo starting with C, are dropped first).
-- Days are UTC days (BigQuery's TIMESTAMP). Point it at a real table with
-- two views in a dataset of your own, then export:
--   CREATE OR REPLACE VIEW mydataset.invoices AS
--     SELECT CAST(customer_id AS STRING) AS CustomerID,
--            CAST(order_no AS STRING) AS InvoiceNo, ordered_at AS InvoiceDate,
--            CAST(qty AS FLOAT64) AS Quantity, CAST(unit_price AS FLOAT64) AS UnitPrice
--     FROM shop.order_lines;
--   CREATE OR REPLACE VIEW mydataset.params AS
--     SELECT CAST(NULL AS DATE) AS snapshot, 'net' AS returns;
--   bq query --use_legacy_sql=false --dataset_id=mydataset \
--      --destination_table=mydataset.customers < sql/rfm_bigquery.sql
--   bq extract --compression=GZIP mydataset.customers gs://bucket/customers-*.csv.gz
-- (a table with one amount per line instead of Quantity x UnitPrice:
--  SIGN(amount) AS Quantity, ABS(amount) AS UnitPrice keeps returns negative)
WITH p AS (
	SELECT s.snapshot,
	       CASE WHEN coalesce(s.returns, 'net') IN ('net', 'exclude')
	            THEN coalesce(s.returns, 'net')
	            ELSE ERROR('params.returns must be net or exclude, not ' || s.returns)
	       END AS returns
	FROM (SELECT (SELECT snapshot FROM params) AS snapshot,
	             (SELECT returns FROM params) AS returns) s
),
-- without any invoice number, Frequency counts distinct purchase timestamps
has_inv AS (
	SELECT (SELECT count(InvoiceNo) FROM invoices) > 0 AS yes
),
line AS (
	SELECT TRIM(CustomerID, ' \t\r\n') AS cid_t,
	       TRIM(InvoiceNo, ' \t\r\n') AS inv_t,
	       InvoiceDate AS ts,
	       CAST(Quantity AS FLOAT64) AS qty,
	       CAST(Quantity AS FLOAT64) * CAST(UnitPrice AS FLOAT64) AS amount
	FROM invoices
),
-- the rows the CLI keeps: a customer (empty and pandas' missing tokens are
-- missing), a date, a finite amount; an id such as 17850.0 is 17850;
-- invoice numbers compare without surrounding spaces, as the CLI reads them
kept AS (
	SELECT REGEXP_REPLACE(l.cid_t, r'^([0-9]+)[.]0*$', r'\1') AS cid,
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
	  AND NOT IS_NAN(l.amount) AND NOT IS_INF(l.amount)
	  AND (p.snapshot IS NULL OR l.ts <= TIMESTAMP(p.snapshot))
	  AND (p.returns = 'net' OR NOT (l.qty < 0 OR l.amount < 0 OR coalesce(l.inv_t LIKE 'C%', false)))
),
obs AS (
	SELECT coalesce(TIMESTAMP(p.snapshot), TIMESTAMP_ADD(max(k.ts), INTERVAL 1 DAY)) AS recency_end,
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
SELECT r.cid AS CustomerID,
       DIV(UNIX_MICROS(o.recency_end) - UNIX_MICROS(r.last_ts), 86400000000) AS Recency,
       r.frequency AS Frequency,
       r.monetary AS Monetary,
       DATE_DIFF(o.t_end, c.first_day, DAY) AS T,
       c.monetary_mean AS MonetaryMean
FROM rfm r CROSS JOIN obs o LEFT JOIN clv c ON c.cid = r.cid
ORDER BY r.cid;
