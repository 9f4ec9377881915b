-- rfm_spark.sql: SmartSeg's per-customer input table, computed inside Spark
-- SQL (3.1 or later) with the rules of `smartseg analyze` (README, "When
-- the data lives in a warehouse"). One row per customer:
--   CustomerID, Recency, Frequency, Monetary, T, MonetaryMean
--
-- It reads two tables or views:
--   invoices(CustomerID STRING, InvoiceNo STRING (may be NULL throughout),
--            InvoiceDate TIMESTAMP, Quantity DOUBLE, UnitPrice DOUBLE)
--   params(snapshot DATE, returns STRING)   one row; NULL = the CLI's default
--     snapshot: rows after it are ignored, Recency and T are measured to it
--               (default: Recency to a day after the latest purchase, T to
--               the day of the latest purchase);
--     returns:  'net' (default: returns reduce Monetary) or 'exclude'
--               (lines with a negative Quantity or amount and cancelled invoices,
--               InvoiceNo starting with C, are dropped first).
-- Days are UTC days: run with spark.sql.session.timeZone=UTC.
-- Point it at a real table with two views, then export:
--   CREATE OR REPLACE TEMP VIEW invoices AS
--     SELECT CAST(customer_id AS STRING) AS CustomerID,
--            CAST(order_no AS STRING) AS InvoiceNo, ordered_at AS InvoiceDate,
--            qty AS Quantity, unit_price AS UnitPrice
--     FROM lake.sales.order_lines;
--   CREATE OR REPLACE TEMP VIEW params AS
--     SELECT CAST(NULL AS DATE) AS snapshot, 'net' AS returns;
-- then, in pyspark (spark.sql takes the query without its final semicolon):
--   df = spark.sql(open("sql/rfm_spark.sql").read().strip().rstrip(";"))
--   df.coalesce(1).write.option("header", True).csv("customers_csv")
-- or spark-sql --conf spark.sql.session.timeZone=UTC -f sql/rfm_spark.sql
-- (a table with one amount per line instead of Quantity x UnitPrice:
--  signum(amount) AS Quantity, abs(amount) AS UnitPrice keeps returns negative)
WITH p AS (
	SELECT s.snapshot,
	       CASE WHEN coalesce(s.returns, 'net') IN ('net', 'exclude')
	            THEN coalesce(s.returns, 'net')
	            ELSE raise_error('params.returns must be net or exclude, not ' || s.returns)
	       END AS returns
	FROM (SELECT (SELECT snapshot FROM params) AS snapshot,
	             (SELECT returns FROM params) AS returns) s
),
-- without any invoice number, Frequency counts distinct purchase timestamps
has_inv AS (
	SELECT (SELECT count(InvoiceNo) FROM invoices) > 0 AS yes
),
line AS (
	SELECT trim(BOTH ' \t\r\n' FROM CustomerID) AS cid_t,
	       trim(BOTH ' \t\r\n' FROM InvoiceNo) AS inv_t,
	       InvoiceDate AS ts,
	       CAST(Quantity AS DOUBLE) AS qty,
	       CAST(Quantity AS DOUBLE) * CAST(UnitPrice AS DOUBLE) AS amount
	FROM invoices
),
-- the rows the CLI keeps: a customer (empty and pandas' missing tokens are
-- missing), a date, a finite amount; an id such as 17850.0 is 17850;
-- invoice numbers compare without surrounding spaces, as the CLI reads them
kept AS (
	SELECT regexp_replace(l.cid_t, '^([0-9]+)[.]0*$', '$1') AS cid,
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
	  -- NULL fails the second
	  AND NOT isnan(l.amount) AND abs(l.amount) < CAST('Infinity' AS DOUBLE)
	  AND (p.snapshot IS NULL OR l.ts <= CAST(p.snapshot AS TIMESTAMP))
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
SELECT r.cid AS CustomerID,
       (unix_micros(o.recency_end) - unix_micros(r.last_ts)) DIV 86400000000 AS Recency,
       r.frequency AS Frequency,
       r.monetary AS Monetary,
       datediff(o.t_end, c.first_day) AS T,
       c.monetary_mean AS MonetaryMean
FROM rfm r CROSS JOIN obs o LEFT JOIN clv c ON c.cid = r.cid
ORDER BY r.cid;
