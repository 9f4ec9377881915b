/* check.h: a tiny TAP harness for the unit test programs (header only). */
#ifndef SMARTSEG_CHECK_H
#define SMARTSEG_CHECK_H
#include <math.h>
#include <stdio.h>
#include <string.h>

static int check_n, check_failed;

/* CHECK(cond, name...): one TAP line per call. */
#define CHECK(cond, ...) do { \
	int ok_ = (cond) ? 1 : 0; \
	check_n++; if (!ok_) check_failed++; \
	printf("%s %d - ", ok_ ? "ok" : "not ok", check_n); \
	printf(__VA_ARGS__); \
	if (!ok_) printf("  [%s:%d: %s]", __FILE__, __LINE__, #cond); \
	printf("\n"); \
} while (0)

#define CHECK_STR(a, b, ...) CHECK((a) != NULL && strcmp((a), (b)) == 0, __VA_ARGS__)
#define CHECK_NEAR(a, b, eps, ...) CHECK(fabs((double)(a) - (double)(b)) <= (eps), __VA_ARGS__)

/* Ends main(): exit status 1 when any check failed. */
#define CHECK_DONE() (printf("1..%d\n", check_n), check_failed ? 1 : 0)

#endif
