/* gen_invoices.c: writes N realistic synthetic invoice lines (UCI Online
 * Retail layout) to stdout: skewed spend, many one-time buyers, returns,
 * cancellations and rows without a customer. Deterministic for a seed.
 * With CUSTOMERS, every buyer is one of that many (the one-time buyers
 * too), whatever the number of rows: for memory that must not grow with rows.
 * With --customers, N customers instead, each buying as the BG/NBD and
 * Gamma-Gamma models assume (CDNOW's estimates: most buy once, some
 * repeat), for the lifetime value benchmark.
 * usage: gen_invoices ROWS [SEED [CUSTOMERS]] | gen_invoices --customers N [SEED] */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/mt19937.h"

static const char *const countries[] = { "United Kingdom", "Germany", "France", "EIRE", "Spain",
                                          "Netherlands", "Belgium", "Switzerland" };
static const char *const items[] = { "WHITE HANGING HEART T-LIGHT HOLDER", "REGENCY CAKESTAND 3 TIER",
                                     "JUMBO BAG RED RETROSPOT", "PARTY BUNTING",
                                     "LUNCH BAG RED RETROSPOT", "\"SET OF 3 CAKE TINS, PANTRY DESIGN\"",
                                     "\"\"\"VINTAGE\"\" DOILY, PACK OF 12\"", "ASSORTED COLOUR BIRD ORNAMENT" };

/* Exponential draw with the given mean. */
static double expo(ss_mt *m, double mean)
{
	return -mean * log(1 - ss_mt_double(m));
}

/* m/d/yy h:mm of minute t after 2010-12-01 00:00 (days-from-civil inverse) */
static void print_date(double t)
{
	long day = (long)(t / 1440), minute = (long)t % 1440;
	long z = day + 14944 + 719468, era = z / 146097, doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
	long mo = mp < 10 ? mp + 3 : mp - 9;
	y += mo <= 2;
	printf("%ld/%ld/%02ld %ld:%02ld", mo, d, y % 100, minute / 60, minute % 60);
}

/* Gamma(shape, 1) (Marsaglia & Tsang; shape < 1 by the U^(1/shape) boost) */
static double gamma1(ss_mt *m, double shape)
{
	if (shape < 1)
		return gamma1(m, shape + 1) * pow(1 - ss_mt_double(m), 1 / shape);
	double d = shape - 1.0 / 3, c = 1 / sqrt(9 * d);
	for (;;) {
		double u1 = 1 - ss_mt_double(m), u2 = ss_mt_double(m);
		double z = sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2), v = 1 + c * z;
		if (v <= 0)
			continue;
		v = v * v * v;
		double u = 1 - ss_mt_double(m);
		if (log(u) < 0.5 * z * z + d - d * v + d * log(v))
			return d * v;
	}
}

/* one purchase: minute since 2010-12-01, customer, value */
typedef struct buy { int32_t minute, customer; double value; } buy;

static int by_time(const void *a, const void *b)
{
	const buy *x = a, *y = b;
	if (x->minute != y->minute)
		return x->minute < y->minute ? -1 : 1;
	return (x->customer > y->customer) - (x->customer < y->customer);
}

/* The customers mode: first purchases spread over a year, observed for
 * 18 months. Per customer lambda ~ Gamma(r, alpha) purchases a day and a
 * drop-out probability p ~ Beta(a, b) after each repeat purchase (BG/NBD,
 * CDNOW's r 0.243, alpha 30.9 days, a 0.793, b 2.426); each purchase's
 * value ~ Gamma(p, nu), nu ~ Gamma(q, gamma) (6.25, 3.74, 15.44), as one
 * to three lines; 2% of the purchases are later cancelled. */
static int customers_mode(long n, uint32_t seed)
{
	const double r = 0.243, alpha = 30.9, a = 0.793, b = 2.426;
	const double gp = 6.25, gq = 3.74, gg = 15.44;
	const double acquire = 365, end = 547;
	size_t cap = (size_t)n * 3 + 16, nb = 0;
	buy *v = malloc(cap * sizeof(buy));
	ss_mt m;
	static char out[1 << 16];

	if (v == NULL)
		return fputs("gen_invoices: out of memory\n", stderr), 1;
	ss_mt_seed(&m, seed);
	for (long c = 0; c < n; c++) {
		double lambda = gamma1(&m, r) / alpha;
		double ga = gamma1(&m, a), drop = ga / (ga + gamma1(&m, b));
		double nu = gamma1(&m, gq) / gg;
		double t = ss_mt_double(&m) * acquire;
		for (int first = 1;; first = 0) {
			if (nb == cap) {
				buy *g = realloc(v, 2 * cap * sizeof(buy));
				if (g == NULL)
					return free(v), fputs("gen_invoices: out of memory\n", stderr), 1;
				v = g;
				cap *= 2;
			}
			/* a purchase between 8:00 and 20:00 of its day */
			double minute = floor(t) * 1440 + 480 + ss_mt_double(&m) * 720;
			v[nb++] = (buy){(int32_t)minute, (int32_t)c, gamma1(&m, gp) / nu};
			if (!first && ss_mt_double(&m) < drop)
				break;
			t += lambda > 0 ? -log(1 - ss_mt_double(&m)) / lambda : end;
			if (t >= end)
				break;
		}
	}
	qsort(v, nb, sizeof(buy), by_time);
	setvbuf(stdout, out, _IOFBF, sizeof(out));
	puts("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country");
	long invoice = 536365;
	for (size_t i = 0; i < nb; i++, invoice++) {
		double u = ss_mt_double(&m);
		int lines = 1 + (u < 0.3) + (u < 0.1), cancelled = ss_mt_double(&m) < 0.02;
		const char *country = countries[v[i].customer % 8];
		for (int l = 0; l < lines; l++) {
			long item = (long)ss_mt_below(&m, 8), qty = 1 + (long)ss_mt_below(&m, 3);
			double price = floor(v[i].value / lines / (double)qty * 100 + 0.5) / 100;
			printf("%s%ld,%ld%c,%s,%ld,", cancelled ? "C" : "", invoice, 20000 + item * 1117,
			       (int)('A' + item), items[item], cancelled ? -qty : qty);
			print_date(v[i].minute);
			printf(",%.2f,%ld,%s\n", price > 0 ? price : 0.01, 100000 + (long)v[i].customer,
			       country);
		}
	}
	free(v);
	return fflush(stdout) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "--customers") == 0) {
		long n = atol(argv[2]);
		if (n <= 0 || n > 100000000)
			return fputs("usage: gen_invoices --customers N [SEED]\n", stderr), 2;
		return customers_mode(n, argc > 3 ? (uint32_t)atol(argv[3]) : 1);
	}
	long rows = argc > 1 ? atol(argv[1]) : 1000000;
	ss_mt m;
	long invoice = 536365, written = 0, next_new = 0;
	long fixed = argc > 3 ? atol(argv[3]) : 0;
	long pool = fixed > 0 ? fixed : rows / 60 + 10; /* repeat customers */
	double t = 0;               /* minutes since 2010-12-01 00:00 */
	double step = 365.0 * 1440 / ((double)rows / 12 + 1); /* a year of invoices */
	static char out[1 << 16];

	if (rows <= 0 || fixed < 0 || fixed > UINT32_MAX) {
		fputs("usage: gen_invoices ROWS [SEED [CUSTOMERS]]\n", stderr);
		return 2;
	}
	setvbuf(stdout, out, _IOFBF, sizeof(out));
	ss_mt_seed(&m, argc > 2 ? (uint32_t)atol(argv[2]) : 1);
	puts("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country");
	while (written < rows) {
		long lines = 1 + (long)expo(&m, 11), customer;
		int cancelled = ss_mt_double(&m) < 0.02, anonymous = ss_mt_double(&m) < 0.05;
		double u = ss_mt_double(&m);

		if (u < 0.35 && fixed > 0) /* a buyer of the fixed set, any */
			customer = 100000 + (long)ss_mt_below(&m, (uint32_t)pool);
		else if (u < 0.35) /* a one-time buyer */
			customer = 100000 + pool + next_new++;
		else /* repeat buyers: a few buy very often (power law) */
			customer = 100000 + (long)((double)pool * pow(ss_mt_double(&m), 3));
		t += expo(&m, step);
		/* civil date of day `day` after 2010-12-01 (days-from-civil inverse) */
		long day = (long)(t / 1440), minute = (long)t % 1440;
		long z = day + 14944 + 719468, era = z / 146097, doe = z - era * 146097;
		long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
		long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
		long mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
		long mo = mp < 10 ? mp + 3 : mp - 9;
		const char *country = countries[ss_mt_below(&m, 8)];
		y += mo <= 2;
		for (long l = 0; l < lines && written < rows; l++, written++) {
			long item = (long)ss_mt_below(&m, 8), qty = 1 + (long)expo(&m, 6);
			double price = floor(exp(0.8 + 1.1 * (ss_mt_double(&m) * 2 - 1) +
			                         (ss_mt_double(&m) < 0.01 ? 4 : 0)) * 100) / 100;
			printf("%s%ld,%ld%c,%s,%ld,%ld/%ld/%02ld %ld:%02ld,%.2f,", cancelled ? "C" : "",
			       invoice, 20000 + item * 1117, (int)('A' + item), items[item],
			       cancelled ? -qty : qty, mo, d, y % 100, minute / 60, minute % 60, price);
			if (!anonymous)
				printf("%ld", customer);
			printf(",%s\n", country);
		}
		invoice++;
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
