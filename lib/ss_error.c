/* ss_error.c: error filling and naming. */
#include <stdarg.h>
#include <stdio.h>
#include "ss_error.h"

static const char *const code_names[SS_CODE__MAX] = {
	"ok",                 /* SS_OK */
	"out of memory",      /* SS_ENOMEM */
	"input/output error", /* SS_EIO */
	"unusable data",      /* SS_EDATA */
	"invalid parameter",  /* SS_EPARAM */
	"store unavailable",  /* SS_ESTORE */
	"not found",          /* SS_ENOTFOUND */
	"remote service failed", /* SS_EREMOTE */
};

int ss_error_set(ss_error *err, ss_code code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

void ss_error_clear(ss_error *err)
{
	if (err == NULL)
		return;
	err->code = SS_OK;
	err->msg[0] = '\0';
}

const char *ss_code_name(ss_code code)
{
	if ((int)code < 0 || code >= SS_CODE__MAX)
		return "unknown error";
	return code_names[code];
}
