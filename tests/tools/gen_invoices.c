/* gen_invoices.c: writes N realistic synthetic invoice lines (UCI Online
 * Retail layout) to stdout: skewed spend, many one-time buyers, returns,
 * cancellations and rows without a customer. Deterministic for a seed.
 * With CUSTOMERS, every buyer is one of that many (the one-time buyers
 * too), whatever the number of rows: for memory that must not grow with rows.
 * usage: gen_invoices ROWS [SEED [CUSTOMERS]] */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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

int main(int argc, char **argv)
{
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
