/* ss_error.h: the one error type of the analysis library. */
#ifndef SMARTSEG_SS_ERROR_H
#define SMARTSEG_SS_ERROR_H

/* Library functions never print or exit: they return -1 (or NULL) and fill
 * an ss_error the caller owns. The web layer maps codes to HTTP statuses. */
typedef enum ss_code {
	SS_OK = 0,      /* no error */
	SS_ENOMEM,      /* out of memory (HTTP 500, CLI 71) */
	SS_EIO,         /* a file could not be read or written (500, 74) */
	SS_EDATA,       /* the data is unusable: columns, rows, dates (422, 65) */
	SS_EPARAM,      /* a parameter is out of range: k, seed... (422, 2) */
	SS_ESTORE,      /* the store is unavailable (503) */
	SS_ENOTFOUND,   /* no such analysis (404) */
	SS_EREMOTE,     /* a remote service failed (a language model; never fatal) */
	SS_CODE__MAX
} ss_code;

typedef struct ss_error {
	ss_code code;
	char msg[512];  /* one line, human-readable, says what and where */
} ss_error;

/* Sets code and a printf-style message; returns -1 so callers can
 * `return ss_error_set(...)`. err may be NULL. */
int ss_error_set(ss_error *err, ss_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Clears err to SS_OK and an empty message. err may be NULL. */
void ss_error_clear(ss_error *err);

/* Static name of a code ("unusable data", ...). Never NULL. */
const char *ss_code_name(ss_code code);

#endif
