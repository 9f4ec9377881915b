/* engine.c: the parse engine: CSV bytes of invoice lines (libcsv) ->
 * header roles, dropped-row counts and per-customer aggregates -> the RFM
 * table. It reads nothing itself: the driver (driver.c) and the second
 * thread (split.c) feed it blocks. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ingest/ingest.h"
#include "ingest/date.h"
#include "ingest/detect.h"
#include "ingest/private.h"
#include "ingest/table.h"
#include "ingest/text.h"

#define BLOCK SS_ING_BLOCK
#define FIELD_CAP SS_ING_FIELD_CAP
#define DATE_CACHE SS_ING_DATE_CACHE
#define US_PER_DAY (INT64_C(86400000000))
#define MAX_HEADER_COLS 4096          /* names kept for roles and messages */

/* Normalised header names (see ss_header_key) accepted for each role. */
static const char *const role_alias[R__MAX][4] = {
	{"customerid", NULL},
	{"invoiceno", "invoice", "orderid", NULL},
	{"invoicedate", "date", "orderdate", NULL},
	{"quantity", "qty", NULL},
	{"unitprice", "price", NULL},
	{"amount", "totalamount", NULL},
	{"recency", NULL},
	{"frequency", NULL},
	{"monetary", NULL},
	{"t", NULL},
	{"monetarymean", NULL},
};

static const char *const drop_names[SS_DROP__MAX] = {
	"missing_customer_id", "missing_date", "bad_date", "missing_amount",
	"bad_number", "short_row", "amount_overflows"};

const char *ss_drop_name(ss_drop reason)
{
	if ((int)reason < 0 || reason >= SS_DROP__MAX)
		return "unknown";
	return drop_names[reason];
}

const char *ss_container_name(ss_container c)
{
	switch (c) {
	case SS_CONTAINER_GZIP: return "gzip";
	case SS_CONTAINER_XLSX: return "xlsx";
	default: return "csv";
	}
}

const char *ss_input_kind_name(ss_input_kind k)
{
	return k == SS_INPUT_CUSTOMER_TABLE ? "customer_table" : "invoice_lines";
}

typedef ingest__slot slot;
typedef ingest__cust cust;

/* Sets err and stops the parse; returns -1. The message is a constant. */
static int fail(ingest__state *g, ss_code code, const char *msg)
{
	ss_error_set(g->err, code, "%s", msg);
	g->stop = 1;
	g->role_cap = 0;
	return -1;
}

/* a[0..an) == b[0..bn): inline, the strings are short */
static inline int same(const char *a, size_t an, const char *b, size_t bn)
{
	if (an != bn)
		return 0;
	for (size_t i = 0; i < an; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/* Grows *buf to hold need bytes. */
static int reserve(char **buf, size_t *cap, size_t need)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : 64;
	while (c < need)
		c *= 2;
	char *b = realloc(*buf, c);
	if (b == NULL)
		return -1;
	*buf = b;
	*cap = c;
	return 0;
}

/* libcsv grows its field buffer with this: refusing past FIELD_CAP bounds
 * memory on absurd fields (and on an unterminated quote). */
static void *capped_realloc(void *p, size_t n)
{
	if (n > FIELD_CAP + 1)
		return NULL;
	return realloc(p, n);
}

/* ---------- header ---------- */

static int header_field(ingest__state *g, const char *s, size_t n)
{
	if (g->ncols == 0) {
		g->first_raw = malloc(n + 1);
		if (g->first_raw == NULL)
			return fail(g, SS_ENOMEM, "out of memory reading the header");
		memcpy(g->first_raw, s, n);
		g->first_raw[n] = '\0';
		g->first_len = n;
	}
	if (g->ncols < MAX_HEADER_COLS) {
		if (g->names == NULL) {
			g->names = calloc(MAX_HEADER_COLS, sizeof(*g->names));
			if (g->names == NULL)
				return fail(g, SS_ENOMEM, "out of memory reading the header");
		}
		size_t k = ss_utf8_cut(s, n, 200); /* names are for display: keep them short */
		char *name = malloc(3 * k + 1);
		if (name == NULL)
			return fail(g, SS_ENOMEM, "out of memory reading the header");
		const char *t = s;
		size_t tn = k;
		ss_trim(&t, &tn);
		ss_utf8_fix(t, tn, name);
		for (char *c = name; *c; c++) /* messages are one line */
			if ((unsigned char)*c < 0x20 || *c == 0x7F)
				*c = '?';
		g->names[g->ncols] = name;
	}
	g->ncols++;
	return 0;
}

/* Role of a header name, -1 when none. */
static int role_of_name(const char *name)
{
	char key[64];
	ss_header_key(name, strlen(name), key, sizeof(key));
	for (int r = 0; r < R__MAX; r++)
		for (int i = 0; role_alias[r][i]; i++)
			if (strcmp(key, role_alias[r][i]) == 0)
				return r;
	return -1;
}

/* Copies a name into a 64-byte quality field without cutting a UTF-8 char. */
static void set_col_name(char dst[64], const char *src)
{
	size_t n = ss_utf8_cut(src, strlen(src), 63);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The required roles missing for col_of; writes their titles to out. */
static int missing_roles(const int col_of[R__MAX], char *out, size_t cap)
{
	int miss = 0;
	out[0] = '\0';
#define ADD(txt) do { \
		size_t l_ = strlen(out); \
		snprintf(out + l_, cap - l_, "%s%s", miss++ ? ", " : "", txt); \
	} while (0)
	if (col_of[R_CUSTOMER] < 0)
		ADD("CustomerID");
	if (col_of[R_DATE] < 0)
		ADD("InvoiceDate");
	if (col_of[R_AMOUNT] < 0) {
		if (col_of[R_QTY] < 0 && col_of[R_PRICE] < 0)
			ADD("Quantity and UnitPrice (or Amount)");
		else if (col_of[R_QTY] < 0)
			ADD("Quantity (or Amount)");
		else if (col_of[R_PRICE] < 0)
			ADD("UnitPrice (or Amount)");
	}
#undef ADD
	return miss;
}

/* Would splitting the single header field on d give every required role? */
static int header_works_with(const char *s, size_t n, char d)
{
	int col_of[R__MAX];
	char name[256], miss[256];
	for (int r = 0; r < R__MAX; r++)
		col_of[r] = -1;
	size_t start = 0, col = 0, parts = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != d)
			continue;
		const char *t = s + start;
		size_t tn = i - start;
		ss_trim(&t, &tn);
		if (tn >= 2 && t[0] == '"' && t[tn - 1] == '"')
			t++, tn -= 2;
		if (tn >= sizeof(name))
			tn = sizeof(name) - 1;
		memcpy(name, t, tn);
		name[tn] = '\0';
		int r = role_of_name(name);
		if (r >= 0 && col_of[r] < 0)
			col_of[r] = (int)col;
		col++, parts++;
		start = i + 1;
	}
	return parts > 1 && missing_roles(col_of, miss, sizeof(miss)) == 0;
}

static int finish_header(ingest__state *g)
{
	ss_quality *q = g->q;
	char miss[128];

	g->header_done = 1;
	for (int r = 0; r < R__MAX; r++)
		g->col_of[r] = -1;
	size_t kept = g->ncols < MAX_HEADER_COLS ? g->ncols : MAX_HEADER_COLS;
	for (size_t i = 0; i < kept; i++) {
		int r = role_of_name(g->names[i]);
		if (r >= 0 && g->col_of[r] < 0)
			g->col_of[r] = (int)i;
	}
	int table = ingest__table_kind(g->col_of);
	if (table == 1) {  /* a per-customer table: the invoice roles are unused */
		for (int r = R_INVOICE; r < R_LINES_END; r++)
			g->col_of[r] = -1;
		g->table = 1;
		q->input_kind = SS_INPUT_CUSTOMER_TABLE;
	} else {
		for (int r = R_LINES_END; r < R__MAX; r++)
			g->col_of[r] = -1;
	}
	if (!g->table && missing_roles(g->col_of, miss, sizeof(miss)) > 0) {
		char found[300];
		size_t o = 0;
		found[0] = '\0';
		for (size_t i = 0; i < kept && o < sizeof(found) - 1; i++)
			o += (size_t)snprintf(found + o, sizeof(found) - o, "%s\"%s\"",
			                      i ? ", " : "", g->names[i]);
		if (o >= sizeof(found) - 1) { /* cut on a character, mark it */
			o = ss_utf8_cut(found, strlen(found), sizeof(found) - 4);
			memcpy(found + o, "...", 4);
		}
		/* One column only: would another delimiter have split it right? */
		if (g->ncols == 1) {
			for (const char *d = SS_DELIMS; *d; d++) {
				if (*d == q->delimiter || !header_works_with(g->first_raw, g->first_len, *d))
					continue;
				char dn[8];
				if (*d == '\t')
					strcpy(dn, "tab");
				else
					snprintf(dn, sizeof(dn), "'%c'", *d);
				if (q->delimiter == '\t')
					return ss_error_set(g->err, SS_EDATA,
					    "the file seems to use %s as delimiter, not tab", dn),
					    g->stop = 1, -1;
				return ss_error_set(g->err, SS_EDATA,
				    "the file seems to use %s as delimiter, not '%c'", dn,
				    q->delimiter), g->stop = 1, -1;
			}
		}
		if (g->ncols > MAX_HEADER_COLS) {  /* they may sit past the columns read */
			ss_error_set(g->err, SS_EDATA, "missing column(s): %s; only the header's first "
			             "%d of its %zu columns are read: put the required columns among them",
			             miss, MAX_HEADER_COLS, g->ncols);
			g->stop = 1;
			return -1;
		}
		if (table < 0) {  /* some columns of a per-customer table: say which lack */
			int col_of[R__MAX];
			for (int r = 0; r < R__MAX; r++)
				col_of[r] = -1;
			for (size_t i = 0; i < kept; i++) {
				int r = role_of_name(g->names[i]);
				if (r >= 0 && col_of[r] < 0)
					col_of[r] = (int)i;
			}
			ingest__table_missing(col_of, miss, sizeof(miss));
			ss_error_set(g->err, SS_EDATA, "missing column(s) of a per-customer table: %s "
			             "(or, for invoice lines, CustomerID, InvoiceDate, Quantity and "
			             "UnitPrice); columns found: %s", miss, found);
		} else {
			ss_error_set(g->err, SS_EDATA, "missing column(s): %s; columns found: %s",
			             miss, found);
		}
		g->stop = 1;
		return -1;
	}
	g->amount_mode = !g->table && (g->col_of[R_QTY] < 0 || g->col_of[R_PRICE] < 0);
	if (g->table)
		;
	else if (g->amount_mode)
		g->col_of[R_QTY] = g->col_of[R_PRICE] = -1;
	else
		g->col_of[R_AMOUNT] = -1;
	q->has_amount_column = g->amount_mode;
	q->has_invoice = g->col_of[R_INVOICE] >= 0;

	char *dst[R__MAX] = {q->col_customer, q->col_invoice, q->col_date,
	                     q->col_quantity, q->col_price, q->col_amount,
	                     q->col_recency, q->col_frequency, q->col_monetary,
	                     q->col_t, q->col_monetary_mean};
	size_t maxcol = 0;
	for (int r = 0; r < R__MAX; r++) {
		dst[r][0] = '\0';
		if (g->col_of[r] >= 0) {
			set_col_name(dst[r], g->names[g->col_of[r]]);
			if ((size_t)g->col_of[r] + 1 > maxcol)
				maxcol = (size_t)g->col_of[r] + 1;
		}
	}
	g->role_of = malloc(maxcol);
	if (g->role_of == NULL)
		return fail(g, SS_ENOMEM, "out of memory");
	memset(g->role_of, -1, maxcol);
	g->role_cap = maxcol;
	for (int r = 0; r < R__MAX; r++)
		if (g->col_of[r] >= 0)
			g->role_of[g->col_of[r]] = (signed char)r;
	return 0;
}

/* ---------- rows ---------- */

/* The rare paths of on_field, out of line so the hot one stays small. */
static __attribute__((noinline)) void field_slow(ingest__state *g, size_t i, const char *s, size_t n)
{
	if (i < g->role_cap) { /* a field longer than its buffer */
		slot *f = &g->f[(int)g->role_of[i]];
		if (reserve(&f->b, &f->cap, n + 1) < 0) {
			fail(g, SS_ENOMEM, "out of memory");
			return;
		}
		memcpy(f->b, s, n);
		f->b[n] = '\0';
		f->len = n;
		f->present = 1;
	} else if (!g->header_done && !g->stop) {
		header_field(g, s, n);
	}
}

static void on_field(void *s, size_t n, void *ud)
{
	ingest__state *g = ud;
	size_t i = g->col++;
	/* hot path: role_cap stays 0 until the header is done and drops back
	 * to 0 on a fatal error */
	if (__builtin_expect(i < g->role_cap, 1)) {
		int r = g->role_of[i];
		if (r < 0)
			return;
		slot *f = &g->f[r];
		if (__builtin_expect(n < f->cap, 1)) {
			memcpy(f->b, s, n);
			f->b[n] = '\0';
			f->len = n;
			f->present = 1;
			return;
		}
	}
	field_slow(g, i, s, n);
}

static void drop(ingest__state *g, ss_drop why)
{
	g->q->dropped[why]++;
}

int ingest__new_cust(ingest__state *g, int64_t idx)
{
	if ((size_t)idx >= g->agg_cap) {
		size_t cap = g->agg_cap ? g->agg_cap * 2 : 1024;
		while (cap <= (size_t)idx)
			cap *= 2;
		cust *a = realloc(g->agg, cap * sizeof(*a));
		if (a == NULL)
			return -1;
		g->agg = a;
		g->agg_cap = cap;
	}
	g->agg[idx] = (cust){{INT64_MIN, INT64_MIN}, 0, 0.0, 0.0};
	return 0;
}

/* Index of the customer of this row; -1 on out of memory. */
static int64_t customer_index(ingest__state *g, const char *s, size_t n)
{
	if (g->last_cust >= 0 && same(s, n, g->last_cust_raw, g->last_cust_len)) {
		g->q->non_utf8_fields += g->last_cust_fixed;
		return g->last_cust;
	}
	const char *t = s;
	size_t tn = n;
	ss_trim(&t, &tn);
	tn = ss_customer_norm(t, tn);
	int fixed = 0;
	if (!ss_utf8_valid(t, tn)) {
		if (reserve(&g->fixbuf, &g->fixcap, 3 * tn + 1) < 0)
			return -1;
		tn = ss_utf8_fix(t, tn, g->fixbuf);
		t = g->fixbuf;
		fixed = 1;
		g->q->non_utf8_fields++;
	}
	int added;
	int64_t idx = ss_strtab_intern(&g->custs, t, tn, &added);
	if (idx < 0)
		return -1;
	if (added && ingest__new_cust(g, idx) < 0)
		return -1;
	if (reserve(&g->last_cust_raw, &g->last_cust_cap, n + 1) < 0)
		return -1;
	memcpy(g->last_cust_raw, s, n);
	g->last_cust_len = n;
	g->last_cust = idx;
	g->last_cust_fixed = fixed;
	return idx;
}

/* Parses the row's date into the two readings t[0] (month-first) and t[1]
 * (day-first) and the distinct-timestamp key; 0 when it is a bad date. */
static inline int64_t floor_day(int64_t us)
{
	return us >= 0 ? us / US_PER_DAY : -((-us + US_PER_DAY - 1) / US_PER_DAY);
}

/* Both readings' days of a date, as a day key (private.h): the same date
 * text gives the same key before and after the order is decided. */
static int64_t day_key(const ss_date *d)
{
	int64_t e[2];
	for (int k = 0; k < 2; k++) {
		int ok = d->kind == SS_DATE_FIXED || d->ok[k];
		int64_t day = floor_day(d->us[d->kind == SS_DATE_FIXED ? 0 : k]);
		e[k] = ok && day > -SS_DAYKEY_OFF && day < SS_DAYKEY_OFF ? day + SS_DAYKEY_OFF
		                                                         : SS_DAYKEY_INV;
	}
	return e[0] << 31 | e[1];
}

static int row_date(ingest__state *g, const char *s, size_t n, int64_t t[2], int64_t *key,
                    int64_t *dkey)
{
	ss_date d;
	if (g->last_date_len && same(s, n, g->last_date_raw, g->last_date_len)) {
		d = g->last_date;
	} else {
		ss_date_parse(s, n, &d);
		if (n > 0 && n < DATE_CACHE) {
			memcpy(g->last_date_raw, s, n);
			g->last_date_len = n;
			g->last_date = d;
		} else {
			g->last_date_len = 0;
		}
	}
	if (g->clv && d.kind != SS_DATE_BAD)
		*dkey = day_key(&d);
	switch (d.kind) {
	case SS_DATE_BAD:
		return 0;
	case SS_DATE_FIXED:
		t[0] = t[1] = d.us[0];
		*key = d.key;
		if (memchr(s, '.', n) && !memchr(s, '-', n) && !memchr(s, '/', n))
			g->seen_dot = 1;
		return 1;
	case SS_DATE_SLASH:
		break;
	}
	g->seen_slash = 1;
	*key = d.key;
	if (g->order < 0) {
		/* a value valid under one reading only decides the whole file */
		if (d.ok[0] && !d.ok[1])
			g->order = SS_DATE_MONTH_FIRST;
		else if (d.ok[1] && !d.ok[0])
			g->order = SS_DATE_DAY_FIRST;
	}
	if (g->order < 0) {
		t[0] = d.us[0];
		t[1] = d.us[1];
		return 1;
	}
	if (!d.ok[g->order])
		return 0;
	t[0] = t[1] = d.us[g->order];
	return 1;
}

/* exclude_returns: is this valid row a return or part of a cancelled
 * invoice? Counted as such, and as excluded, when it is. */
static __attribute__((noinline)) bool excluded(ingest__state *g, double value, double qty)
{
	ss_quality *q = g->q;
	const ingest__slot *inv = &g->f[R_INVOICE];
	bool cancelled = false, negative = (g->amount_mode ? value : qty) < 0 || value < 0;

	if (q->has_invoice && inv->present && !ss_is_missing(inv->b, inv->len)) {
		const char *s = inv->b;
		size_t n = inv->len;
		ss_trim(&s, &n);
		cancelled = s[0] == 'C';
	}
	if (!cancelled && !negative)
		return false;
	q->cancelled_rows += cancelled;
	q->return_rows += (g->amount_mode ? value : qty) < 0;
	q->excluded_rows++;
	return true;
}

static void process_row(ingest__state *g)
{
	if (__builtin_expect(g->table, 0)) {
		ingest__table_row(g);
		return;
	}
	ss_quality *q = g->q;
	slot *f = g->f;
	const int need[3] = {R_CUSTOMER, R_DATE, g->amount_mode ? R_AMOUNT : R_QTY};

	for (int k = 0; k < 3; k++)
		if (!f[need[k]].present) {
			drop(g, SS_DROP_SHORT_ROW);
			return;
		}
	if (!g->amount_mode && !f[R_PRICE].present) {
		drop(g, SS_DROP_SHORT_ROW);
		return;
	}
	/* Parse first, ask "missing?" only on failure: the common row pays
	 * for one parse per field. Drop reasons keep their priority order:
	 * missing customer, missing date, missing amount, bad date, bad number. */
	const slot *fc = &f[R_CUSTOMER];
	if (!(g->last_cust >= 0 && same(fc->b, fc->len, g->last_cust_raw, g->last_cust_len)) &&
	    ss_is_missing(fc->b, fc->len)) {
		drop(g, SS_DROP_MISSING_CUSTOMER);
		return;
	}
	int64_t t[2] = {0, 0}, key = 0, dkey = 0;
	int date_ok = row_date(g, f[R_DATE].b, f[R_DATE].len, t, &key, &dkey);
	if (!date_ok && ss_is_missing(f[R_DATE].b, f[R_DATE].len)) {
		drop(g, SS_DROP_MISSING_DATE);
		return;
	}
	double value = 0, qty = 0, price = 0;
	bool c1 = false, c2 = false;
	int num_ok, num_missing = 0;
	if (g->amount_mode) {
		num_ok = ss_parse_number(f[R_AMOUNT].b, f[R_AMOUNT].len, g->comma_ok, &value, &c1);
		if (!num_ok)
			num_missing = ss_is_missing(f[R_AMOUNT].b, f[R_AMOUNT].len);
	} else {
		int ok1 = ss_parse_number(f[R_QTY].b, f[R_QTY].len, g->comma_ok, &qty, &c1);
		int ok2 = ss_parse_number(f[R_PRICE].b, f[R_PRICE].len, g->comma_ok, &price, &c2);
		num_ok = ok1 && ok2;
		num_missing = (!ok1 && ss_is_missing(f[R_QTY].b, f[R_QTY].len)) ||
		              (!ok2 && ss_is_missing(f[R_PRICE].b, f[R_PRICE].len));
		value = qty * price;
	}
	if (num_missing) {
		drop(g, SS_DROP_MISSING_AMOUNT);
		return;
	}
	if (!date_ok) {
		drop(g, SS_DROP_BAD_DATE);
		return;
	}
	if (num_ok && !isfinite(value)) {  /* two finite numbers, their product too large */
		drop(g, SS_DROP_AMOUNT_OVERFLOWS);
		return;
	}
	if (!num_ok) {
		drop(g, SS_DROP_BAD_NUMBER);
		return;
	}
	/* t[0]: the decided reading, or month-first while undecided */
	if (g->snap && t[0] > g->snap_us) {
		q->after_snapshot_rows++;
		return;
	}
	if (g->exclude && excluded(g, value, qty))
		return;
	int64_t ci = customer_index(g, f[R_CUSTOMER].b, f[R_CUSTOMER].len);
	if (ci < 0) {
		fail(g, SS_ENOMEM, "out of memory");
		return;
	}
	cust *c = &g->agg[ci];

	/* frequency: distinct (customer, invoice) or (customer, timestamp);
	 * a row repeating the previous row's pair skips the set */
	if (q->has_invoice) {
		const slot *inv = &f[R_INVOICE];
		/* pandas' nunique ignores missing invoices: no pair for them */
		if (inv->present && !ss_is_missing(inv->b, inv->len)) {
			const char *s = inv->b;
			size_t n = inv->len;
			ss_trim(&s, &n);
			if (s[0] == 'C')
				q->cancelled_rows++;
			if (!(g->last_inv_owner == ci &&
			      same(inv->b, inv->len, g->last_inv_raw, g->last_inv_len))) {
				int r = ss_pairset_add_str(&g->pairs, (uint32_t)ci, inv->b, inv->len);
				if (r < 0 || reserve(&g->last_inv_raw, &g->last_inv_cap, inv->len + 1) < 0) {
					fail(g, SS_ENOMEM, "out of memory");
					return;
				}
				c->freq += r;
				memcpy(g->last_inv_raw, inv->b, inv->len);
				g->last_inv_len = inv->len;
				g->last_inv_owner = ci;
			}
		}
	} else if (!(g->last_pair_owner == ci && g->last_pair_val == key)) {
		int r = ss_pairset_add(&g->pairs, (uint32_t)ci, key);
		if (r < 0) {
			fail(g, SS_ENOMEM, "out of memory");
			return;
		}
		c->freq += r;
		g->last_pair_owner = ci;
		g->last_pair_val = key;
	}

	for (int k = 0; k < 2; k++) {
		if (t[k] > c->last[k])
			c->last[k] = t[k];
		if (!g->have_max || t[k] > g->gmax[k])
			g->gmax[k] = t[k];
	}
	g->have_max = 1;
	if (g->clv && value > 0) {
		if (g->hold && t[0] > g->hold_us)
			dkey |= SS_DAYKEY_HOLD;
		if (ss_dayset_add(&g->days, (uint32_t)ci, dkey, value) < 0) {
			fail(g, SS_ENOMEM, "out of memory");
			return;
		}
	}
	ingest__neumaier(c, value);
	q->rows_kept++;
	if ((g->amount_mode ? value : qty) < 0)
		q->return_rows++;
	if (c1 || c2)
		q->decimal_comma = true;
}

static void on_row(int term, void *ud)
{
	ingest__state *g = ud;
	(void)term;
	if (!g->stop) {
		if (!g->header_done) {
			finish_header(g);
		} else {
			g->q->rows_read++;
			process_row(g);
		}
	}
	g->col = 0;
	for (int r = 0; r < R__MAX; r++)
		g->f[r].present = 0;
}

void ingest__field(ingest__state *g, const char *s, size_t n)
{
	on_field((void *)s, n, g);
}

void ingest__row(ingest__state *g)
{
	on_row(0, g);
}

/* ---------- result ---------- */

typedef struct sort_ctx { const ss_str *v; } sort_ctx;

static int cmp_id(const void *a, const void *b, void *ctx)
{
	const ss_str *v = ((sort_ctx *)ctx)->v;
	const ss_str *x = &v[*(const uint32_t *)a], *y = &v[*(const uint32_t *)b];
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);
	if (c)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

static ss_rfm *build_table(ingest__state *g)
{
	size_t n = g->custs.n;
	int o = g->order < 0 ? SS_DATE_MONTH_FIRST : g->order;
	int64_t gmax = g->gmax[o];
	uint32_t *idx = malloc((n ? n : 1) * sizeof(*idx));
	/* the arena holds every id with its NUL (and nothing else of size) */
	ss_rfm *t = ss_rfm_new(n, g->custs.arena.total);
	if (idx == NULL || t == NULL) {
		free(idx);
		ss_rfm_free(t);
		ss_error_set(g->err, SS_ENOMEM, "out of memory building the RFM table");
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		idx[i] = (uint32_t)i;
	sort_ctx ctx = {g->custs.v};
	qsort_r(idx, n, sizeof(*idx), cmp_id, &ctx);
	for (size_t i = 0; i < n; i++) {
		const ss_str *s = &g->custs.v[idx[i]];
		const cust *c = &g->agg[idx[i]];
		if (ss_rfm_set_id(t, i, s->s, s->len) != 0) {
			free(idx);
			ss_rfm_free(t);
			ss_error_set(g->err, SS_ENOMEM, "customer ids outgrew their storage");
			return NULL;
		}
		/* floor((max + 1 day - last) / 1 day); the numerator is >= 1 day
		 * (to the snapshot: >= 0, every kept row is at or before it) */
		if (g->table)  /* a per-customer table gives Recency itself */
			t->recency[i] = c->last[0];
		else
			t->recency[i] = ((g->snap ? g->snap_us : gmax + US_PER_DAY) - c->last[o]) /
			                US_PER_DAY;
		t->frequency[i] = c->freq;
		t->monetary[i] = c->sum + c->comp;
	}
	/* Unix seconds, rounded down; unknown (0) for a per-customer table */
	if (g->table)
		t->max_ts = 0;
	else
		t->max_ts = gmax >= 0 ? gmax / 1000000 : -((-gmax + 999999) / 1000000);
	/* a per-customer table has no purchase days: no lifetime value inputs */
	if (g->clv && !g->table &&
	    ingest__clv_build(g, t, idx, o, g->snap ? g->snap_day : floor_day(gmax)) != 0) {
		free(idx);
		ss_rfm_free(t);
		ss_error_set(g->err, SS_ENOMEM, "out of memory building the lifetime value inputs");
		return NULL;
	}
	free(idx);
	return t;
}

void ingest__free(ingest__state *g)
{
	if (g->names) {
		size_t kept = g->ncols < MAX_HEADER_COLS ? g->ncols : MAX_HEADER_COLS;
		for (size_t i = 0; i < kept; i++)
			free(g->names[i]);
		free(g->names);
	}
	free(g->first_raw);
	free(g->role_of);
	for (int r = 0; r < R__MAX; r++)
		free(g->f[r].b);
	ss_strtab_free(&g->custs);
	ss_pairset_free(&g->pairs);
	ss_dayset_free(&g->days);
	free(g->agg);
	free(g->fixbuf);
	free(g->last_cust_raw);
	free(g->last_inv_raw);
}

static int64_t total_dropped(const ss_quality *q)
{
	int64_t n = 0;
	for (int k = 0; k < SS_DROP__MAX; k++)
		n += q->dropped[k];
	return n;
}

void ingest__set_opts(ingest__state *g, const ss_ingest_opts *opts)
{
	if (opts == NULL)
		return;
	g->exclude = opts->exclude_returns;
	g->q->returns_excluded = g->exclude;
	g->snap = opts->snapshot_set;
	g->snap_day = opts->snapshot_day;
	g->snap_us = opts->snapshot_day * US_PER_DAY;
	g->q->snapshot_set = g->snap;
	g->q->snapshot_day = g->snap ? opts->snapshot_day : 0;
	g->clv = opts->clv;
	g->hold = opts->clv && opts->holdout_set;
	g->hold_day = opts->holdout_day;
	g->hold_us = opts->holdout_day * US_PER_DAY;
	g->q->clv_collected = g->clv;
	g->q->holdout_set = g->hold;
	g->q->holdout_day = g->hold ? g->hold_day : 0;
}

/* "no valid rows: N dropped (missing_customer_id: 3, bad_date: 1)" */
static void no_valid_rows(ingest__state *g)
{
	char why[400];
	size_t o = 0;
	int64_t total = 0;
	why[0] = '\0';
	for (int k = 0; k < SS_DROP__MAX; k++) {
		if (g->q->dropped[k] == 0)
			continue;
		total += g->q->dropped[k];
		o += (size_t)snprintf(why + o, sizeof(why) - o, "%s%s: %lld", o ? ", " : "",
		                      ss_drop_name((ss_drop)k), (long long)g->q->dropped[k]);
		if (o >= sizeof(why))
			o = sizeof(why) - 1;
	}
	ss_error_set(g->err, SS_EDATA, "no valid rows: %lld dropped (%s)",
	             (long long)total, why);
}

void ingest__progress(ingest__state *g, size_t fed)
{
	ingest__prog *p = g->prog;
	if (p == NULL)
		return;
	int64_t rows = g->q->rows_read - g->prog_rows;
	atomic_fetch_add_explicit(&p->bytes, fed, memory_order_relaxed);
	atomic_fetch_add_explicit(&p->rows, rows, memory_order_relaxed);
	g->prog_bytes += fed;
	g->prog_rows += rows;
	if (g->prog_tells) {
		ss_ingest_progress now = {
			atomic_load_explicit(&p->bytes, memory_order_relaxed),
			atomic_load_explicit(&p->rows, memory_order_relaxed) };
		p->fn(&now, p->ctx);
	}
}

void ingest__progress_undo(ingest__state *g)
{
	if (g->prog == NULL)
		return;
	atomic_fetch_sub_explicit(&g->prog->bytes, g->prog_bytes, memory_order_relaxed);
	atomic_fetch_sub_explicit(&g->prog->rows, g->prog_rows, memory_order_relaxed);
	g->prog_bytes = 0;
	g->prog_rows = 0;
}

int ingest__feed(ingest__state *g, const char *buf, size_t n)
{
	if (csv_parse(&g->p, buf, n, on_field, on_row, g) != n && !g->stop) {
		int e = csv_error(&g->p);
		if (e == CSV_ENOMEM && csv_get_buffer_size(&g->p) + BLOCK >= FIELD_CAP)
			ss_error_set(g->err, SS_EDATA,
			    "a field is longer than %zu bytes near data row %lld "
			    "(an unterminated quote?)", FIELD_CAP, (long long)g->q->rows_read + 1);
		else
			ss_error_set(g->err, e == CSV_ENOMEM ? SS_ENOMEM : SS_EDATA,
			             "CSV error: %s", csv_strerror(e));
		g->stop = 1;
		g->role_cap = 0;
	}
	if (g->prog != NULL)
		ingest__progress(g, n);
	return g->stop ? -1 : 0;
}

void ingest__fini(ingest__state *g)
{
	/* libcsv is still inside a quoted field (FIELD_BEGUN) at the end */
	if (g->p.quoted && g->p.pstate == 2 && g->q->unclosed_quote_row == 0)
		g->q->unclosed_quote_row = g->q->rows_read + 1;
	csv_fini(&g->p, on_field, on_row, g);
}

void ingest__init(ingest__state *g, ss_quality *q, ss_error *err)
{
	memset(g, 0, sizeof(*g));
	g->q = q;
	g->err = err;
	g->order = -1;
	g->last_cust = g->last_inv_owner = -1;
	g->last_pair_owner = -1;
}

int ingest__parser_init(ingest__state *g, char delim)
{
	if (csv_init(&g->p, 0) != 0)
		return -1;
	csv_set_realloc_func(&g->p, capped_realloc);
	csv_set_blk_size(&g->p, 16 << 10);
	/* libcsv's own space test (space, tab) is inlined and already treats
	 * a tab delimiter as a delimiter: no custom function, it costs speed */
	csv_set_delim(&g->p, (unsigned char)delim);
	return 0;
}

ss_rfm *ingest__result(ingest__state *g)
{
	/* the last row, even without a final newline or closing quote */
	ingest__fini(g);
	if (g->stop)
		return NULL;

	if (g->seen_slash) {
		g->q->date_order = g->order < 0 ? SS_DATE_MONTH_FIRST : (ss_date_order)g->order;
		g->q->date_order_assumed = g->order < 0;
	} else if (g->seen_dot) {
		g->q->date_order = SS_DATE_DAY_FIRST;
	}
	if (!g->header_done) {
		ss_error_set(g->err, SS_EDATA, "the file is empty");
		return NULL;
	}
	if (g->q->rows_read == 0) {
		ss_error_set(g->err, SS_EDATA, "no data rows (only a header)");
		return NULL;
	}
	if (g->q->rows_kept == 0 && g->q->after_snapshot_rows > 0 &&
	    g->q->after_snapshot_rows + g->q->excluded_rows ==
	    g->q->rows_read - total_dropped(g->q)) {
		ss_error_set(g->err, SS_EDATA, "no valid rows up to the snapshot: the %lld valid "
		             "row(s) dated after it are ignored", (long long)g->q->after_snapshot_rows);
		return NULL;
	}
	if (g->q->rows_kept == 0) {
		no_valid_rows(g);
		return NULL;
	}
	return build_table(g);
}
