/* xlsx.c: the sheet of an .xlsx workbook as rows of cells (xlsx.h). The
 * archive is read through a libzip source over the caller's pread, each
 * part inflated block by block and fed to expat as it comes. */
#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include "ingest/xlsx.h"

#define READ_BLOCK ((size_t)64 << 10)
#define BOMB_FREE ((uint64_t)16 << 20)   /* a part this small may have any ratio */
#define BOMB_RATIO 200                   /* XML sheets deflate 5-20:1, bombs 1000:1 */
#define PART_MAX ((uint64_t)4 << 30)     /* the largest part inflated, any ratio */
#define CELL_CAP ((size_t)1 << 20)       /* as a CSV field */
#define MAX_COLS 16384                   /* Excel's XFD */
#define SST_MAX_BYTES ((size_t)128 << 20)
#define SST_MAX_COUNT ((size_t)8 << 20)
#define XF_MAX 65536
#define CUSTOM_FMT_MAX 1024
#define NAMES_CAP 300

/* ---------- the archive over the caller's reader ---------- */

typedef struct src_ctx {
	ss_xlsx_pread rd;
	void *ctx;
	uint64_t size, pos;
	zip_error_t zerr;
} src_ctx;

static zip_int64_t src_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	src_ctx *s = ud;

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		s->pos = 0;
		return 0;
	case ZIP_SOURCE_READ: {
		if (s->pos >= s->size)
			return 0;
		if (len > s->size - s->pos)
			len = s->size - s->pos;
		ssize_t k = s->rd(s->ctx, data, (size_t)len, s->pos);
		if (k < 0) {
			zip_error_set(&s->zerr, ZIP_ER_READ, EIO);
			return -1;
		}
		s->pos += (uint64_t)k;
		return k;
	}
	case ZIP_SOURCE_CLOSE:
	case ZIP_SOURCE_FREE:
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		if (len < sizeof(*st)) {
			zip_error_set(&s->zerr, ZIP_ER_INVAL, 0);
			return -1;
		}
		zip_stat_init(st);
		st->size = s->size;
		st->valid |= ZIP_STAT_SIZE;
		return sizeof(*st);
	}
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&s->zerr, data, len);
	case ZIP_SOURCE_SEEK: {
		zip_int64_t np = zip_source_seek_compute_offset(s->pos, s->size, data, len, &s->zerr);
		if (np < 0)
			return -1;
		s->pos = (uint64_t)np;
		return 0;
	}
	case ZIP_SOURCE_TELL:
		return (zip_int64_t)s->pos;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ,
		    ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
		    ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL, ZIP_SOURCE_SUPPORTS, -1);
	default:
		zip_error_set(&s->zerr, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

/* ---------- the reader's state ---------- */

enum part { P_PKG_RELS, P_WORKBOOK, P_WB_RELS, P_STYLES, P_SST, P_SHEET };

typedef struct xl {
	zip_t *za;
	uint64_t size;
	ss_error *err;
	int failed;           /* err set (or a callback failed): stop */
	XML_Parser p;
	enum part part;
	const char *part_name;

	/* the workbook and where its parts are */
	char *wb_path, *wb_rels, *sheet_path, *sst_path, *styles_path;
	const char *want;     /* the sheet asked for, NULL: the first */
	char *sheet_rid;
	int sheet_found;
	char names[NAMES_CAP];
	ss_xlsx_info info;

	/* styles: which cell formats (xf) are dates */
	unsigned char *xf_date;
	size_t nxf;
	int in_cellxfs;
	int custom_date[CUSTOM_FMT_MAX];
	size_t ncustom;

	/* shared strings: offsets into one block of text */
	char *sst;
	size_t sst_len, sst_cap;
	uint32_t *sst_off;    /* sst_n + 1 entries once read */
	size_t sst_n, sst_off_cap;

	/* text being collected (a shared string, a cell value) */
	char *txt;
	size_t tlen, tcap;
	int in_text, rph;     /* collecting; inside phonetic runs (not text) */

	/* the sheet */
	const ss_xlsx_sink *sink;
	int in_row, in_is, in_cell, sink_failed;
	size_t next_col, row_cells, col;
	char type;            /* s b n e S(str) i(inlineStr) d */
	long style;
} xl;

/* Sets the error once and stops the parse; -1. */
static int fail(xl *x, ss_code code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(xl *x, ss_code code, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	if (x->failed)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ss_error_set(x->err, code, "%s", msg);
	x->failed = 1;
	if (x->p != NULL)
		XML_StopParser(x->p, XML_FALSE);
	return -1;
}

static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

/* The attribute whose local name is key, NULL when absent. */
static const char *attr(const XML_Char **a, const char *key)
{
	for (size_t i = 0; a[i] != NULL; i += 2)
		if (strcmp(local(a[i]), key) == 0)
			return a[i + 1];
	return NULL;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && strcmp(s + n - t, tail) == 0;
}

/* base (a folder ending in '/', or "") joined with a relationship target. */
static char *resolve(xl *x, const char *base, const char *target)
{
	size_t bl = strlen(base);
	if (target[0] == '/') {
		target++;
		bl = 0;
	}
	char *p = malloc(bl + strlen(target) + 1);
	if (p == NULL) {
		fail(x, SS_ENOMEM, "out of memory");
		return NULL;
	}
	memcpy(p, base, bl);
	strcpy(p + bl, target);
	return p;
}

static char *dup_str(xl *x, const char *s)
{
	char *d = strdup(s);
	if (d == NULL)
		fail(x, SS_ENOMEM, "out of memory");
	return d;
}

/* ---------- text ---------- */

static void on_text(void *ud, const XML_Char *s, int len)
{
	xl *x = ud;

	if (!x->in_text || x->rph || x->failed || len <= 0)
		return;
	size_t n = (size_t)len;
	if (x->tlen + n > CELL_CAP)
		return (void)fail(x, SS_EDATA, "a cell or string longer than %zu bytes in %s",
		                  CELL_CAP, x->part_name);
	if (x->tlen + n + 1 > x->tcap) {
		size_t cap = x->tcap ? x->tcap : 256;
		while (cap < x->tlen + n + 1)
			cap *= 2;
		char *b = realloc(x->txt, cap);
		if (b == NULL)
			return (void)fail(x, SS_ENOMEM, "out of memory");
		x->txt = b;
		x->tcap = cap;
	}
	memcpy(x->txt + x->tlen, s, n);
	x->tlen += n;
	x->txt[x->tlen] = '\0';
}

static void text_reset(xl *x)
{
	x->tlen = 0;
	if (x->txt)
		x->txt[0] = '\0';
}

/* ---------- relationships, workbook, styles, shared strings ---------- */

static void rels_start(xl *x, const char *el, const XML_Char **a)
{
	if (strcmp(el, "Relationship") != 0)
		return;
	const char *id = attr(a, "Id"), *type = attr(a, "Type"), *target = attr(a, "Target");
	if (type == NULL || target == NULL)
		return;
	if (x->part == P_PKG_RELS) {
		if (ends_with(type, "/officeDocument") && x->wb_path == NULL)
			x->wb_path = resolve(x, "", target);
		return;
	}
	/* targets are relative to the workbook's folder */
	char base[256] = "";
	const char *slash = strrchr(x->wb_path, '/');
	if (slash != NULL && (size_t)(slash - x->wb_path) + 2 < sizeof(base)) {
		memcpy(base, x->wb_path, (size_t)(slash - x->wb_path) + 1);
		base[slash - x->wb_path + 1] = '\0';
	}
	char **dst = NULL;
	if (id != NULL && x->sheet_rid != NULL && strcmp(id, x->sheet_rid) == 0)
		dst = &x->sheet_path;
	else if (ends_with(type, "/sharedStrings"))
		dst = &x->sst_path;
	else if (ends_with(type, "/styles"))
		dst = &x->styles_path;
	if (dst != NULL && *dst == NULL)
		*dst = resolve(x, base, target);
}

static void workbook_start(xl *x, const char *el, const XML_Char **a)
{
	if (strcmp(el, "workbookPr") == 0) {
		const char *d = attr(a, "date1904");
		x->info.date1904 = d != NULL && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
	} else if (strcmp(el, "sheet") == 0) {
		const char *name = attr(a, "name"), *rid = attr(a, "id");
		if (name == NULL || rid == NULL)
			return;
		size_t o = strlen(x->names);
		if (o + strlen(name) + 8 < NAMES_CAP)
			snprintf(x->names + o, NAMES_CAP - o, "%s'%s'", o ? ", " : "", name);
		else if (o + 5 < NAMES_CAP && !ends_with(x->names, "..."))
			strcat(x->names, ", ...");
		if (!x->sheet_found && (x->want == NULL || strcmp(x->want, name) == 0)) {
			x->sheet_found = 1;
			snprintf(x->info.sheet, sizeof(x->info.sheet), "%s", name);
			x->sheet_rid = dup_str(x, rid);
		}
	}
}

static bool builtin_date(long id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
	       (id >= 50 && id <= 58);
}

/* A number format code that shows a date or a time: d m y h s outside
 * quoted text, [brackets] and escapes. */
static bool date_code(const char *c)
{
	for (; *c; c++) {
		if (*c == '"') {
			while (c[1] && c[1] != '"')
				c++;
			if (c[1])
				c++;
		} else if (*c == '[') {
			while (c[1] && c[1] != ']')
				c++;
			if (c[1])
				c++;
		} else if (*c == '\\' || *c == '_' || *c == '*') {
			if (c[1])
				c++;
		} else if (strchr("dmyhsDMYHS", *c)) {
			return true;
		}
	}
	return false;
}

static void styles_start(xl *x, const char *el, const XML_Char **a)
{
	if (strcmp(el, "numFmt") == 0) {
		const char *id = attr(a, "numFmtId"), *code = attr(a, "formatCode");
		if (id && code && date_code(code) && x->ncustom < CUSTOM_FMT_MAX)
			x->custom_date[x->ncustom++] = atoi(id);
	} else if (strcmp(el, "cellXfs") == 0) {
		x->in_cellxfs = 1;
	} else if (strcmp(el, "xf") == 0 && x->in_cellxfs && x->nxf < XF_MAX) {
		const char *v = attr(a, "numFmtId");
		long id = v ? strtol(v, NULL, 10) : 0;
		bool date = builtin_date(id);
		for (size_t i = 0; i < x->ncustom && !date; i++)
			date = x->custom_date[i] == id;
		if (x->xf_date == NULL && (x->xf_date = calloc(XF_MAX, 1)) == NULL)
			return (void)fail(x, SS_ENOMEM, "out of memory");
		x->xf_date[x->nxf++] = date;
	}
}

static void sst_start(xl *x, const char *el)
{
	if (strcmp(el, "si") == 0) {
		text_reset(x);
		x->rph = 0;
	} else if (strcmp(el, "rPh") == 0) {
		x->rph++;
	} else if (strcmp(el, "t") == 0) {
		x->in_text = 1;
	}
}

static void sst_end(xl *x, const char *el)
{
	if (strcmp(el, "t") == 0) {
		x->in_text = 0;
	} else if (strcmp(el, "rPh") == 0) {
		if (x->rph > 0)
			x->rph--;
	} else if (strcmp(el, "si") == 0) {
		if (x->sst_n + 1 >= SST_MAX_COUNT || x->sst_len + x->tlen > SST_MAX_BYTES)
			return (void)fail(x, SS_EDATA, "the workbook's shared strings exceed %zu strings "
			                  "or %zu MiB: save the sheet as CSV", SST_MAX_COUNT,
			                  SST_MAX_BYTES >> 20);
		if (x->sst_n + 2 > x->sst_off_cap) {
			size_t cap = x->sst_off_cap ? 2 * x->sst_off_cap : 1024;
			uint32_t *o = realloc(x->sst_off, cap * sizeof(*o));
			if (o == NULL)
				return (void)fail(x, SS_ENOMEM, "out of memory");
			x->sst_off = o;
			x->sst_off_cap = cap;
		}
		if (x->sst_len + x->tlen > x->sst_cap) {
			size_t cap = x->sst_cap ? x->sst_cap : 4096;
			while (cap < x->sst_len + x->tlen)
				cap *= 2;
			char *b = realloc(x->sst, cap);
			if (b == NULL)
				return (void)fail(x, SS_ENOMEM, "out of memory");
			x->sst = b;
			x->sst_cap = cap;
		}
		if (x->sst_n == 0)
			x->sst_off[0] = 0;
		if (x->tlen)
			memcpy(x->sst + x->sst_len, x->txt, x->tlen);
		x->sst_len += x->tlen;
		x->sst_off[++x->sst_n] = (uint32_t)x->sst_len;
		text_reset(x);
	}
}

/* ---------- the sheet ---------- */

/* Column index (0 = A) of a cell reference such as "AB12"; -1 when it has
 * no letters, MAX_COLS when beyond XFD. */
static long ref_col(const char *r)
{
	long c = 0;
	size_t i = 0;
	for (; (r[i] >= 'A' && r[i] <= 'Z') || (r[i] >= 'a' && r[i] <= 'z'); i++) {
		c = c * 26 + ((r[i] | 0x20) - 'a' + 1);
		if (c > MAX_COLS)
			return MAX_COLS;
	}
	return i == 0 ? -1 : c - 1;
}

static int emit(xl *x, const char *s, size_t n)
{
	if (x->sink->cell(x->sink->ctx, s, n) != 0) {
		x->sink_failed = x->failed = 1;
		XML_StopParser(x->p, XML_FALSE);
		return -1;
	}
	return 0;
}

static void cell_end(xl *x)
{
	const char *s = x->txt ? x->txt : "";
	size_t n = x->tlen;
	char buf[32];

	if (x->col < x->next_col)
		return (void)fail(x, SS_EDATA, "a damaged sheet: cells out of order in a row");
	for (size_t c = x->next_col; c < x->col; c++)
		if (emit(x, "", 0) < 0)
			return;
	switch (x->type) {
	case 's': {
		char *end;
		errno = 0;
		unsigned long i = strtoul(s, &end, 10);
		if (n == 0 || *end || errno || i >= x->sst_n)
			return (void)fail(x, SS_EDATA, "a damaged sheet: shared string '%.20s' "
			                  "not in the table (%zu strings)", s, x->sst_n);
		s = x->sst + x->sst_off[i];
		n = x->sst_off[i + 1] - x->sst_off[i];
		break;
	}
	case 'b':
		s = n == 1 && s[0] == '1' ? "TRUE" : "FALSE";
		n = strlen(s);
		break;
	case 'n':
		if (n > 0 && x->style >= 0 && (size_t)x->style < x->nxf && x->xf_date[x->style]) {
			char *end;
			double v = strtod(s, &end);
			if (*end == '\0' && ss_xlsx_serial_text(v, x->info.date1904, buf)) {
				s = buf;
				n = strlen(buf);
			}
		}
		break;
	default:  /* inline strings, formula strings, errors, ISO dates: as written */
		break;
	}
	if (emit(x, s, n) < 0)
		return;
	x->next_col = x->col + 1;
	x->row_cells++;
}

static void sheet_start(xl *x, const char *el, const XML_Char **a)
{
	if (strcmp(el, "row") == 0) {
		x->in_row = 1;
		x->next_col = x->row_cells = 0;
	} else if (strcmp(el, "c") == 0 && x->in_row) {
		const char *r = attr(a, "r"), *t = attr(a, "t"), *st = attr(a, "s");
		long col = r ? ref_col(r) : -1;
		if (col >= MAX_COLS)
			return (void)fail(x, SS_EDATA, "a cell beyond column XFD (%s): a sheet has at "
			                  "most %d columns", r, MAX_COLS);
		x->col = col < 0 ? x->next_col : (size_t)col;
		if (x->col >= MAX_COLS)
			return (void)fail(x, SS_EDATA, "a row of more than %d cells", MAX_COLS);
		x->type = 'n';
		if (t != NULL) {
			if (strcmp(t, "s") == 0) x->type = 's';
			else if (strcmp(t, "b") == 0) x->type = 'b';
			else if (strcmp(t, "e") == 0) x->type = 'e';
			else if (strcmp(t, "str") == 0) x->type = 'S';
			else if (strcmp(t, "inlineStr") == 0) x->type = 'i';
			else if (strcmp(t, "d") == 0) x->type = 'd';
		}
		x->style = st ? strtol(st, NULL, 10) : 0;
		x->in_cell = 1;
		x->rph = 0;
		text_reset(x);
	} else if (x->in_cell && strcmp(el, "v") == 0) {
		text_reset(x);
		x->in_text = 1;
	} else if (x->in_cell && strcmp(el, "is") == 0) {
		x->in_is = 1;
	} else if (x->in_is && strcmp(el, "t") == 0) {
		x->in_text = 1;
	} else if (x->in_is && strcmp(el, "rPh") == 0) {
		x->rph++;
	}
}

static void sheet_end(xl *x, const char *el)
{
	if (strcmp(el, "v") == 0 || strcmp(el, "t") == 0) {
		x->in_text = 0;
	} else if (strcmp(el, "rPh") == 0) {
		if (x->rph > 0)
			x->rph--;
	} else if (strcmp(el, "is") == 0) {
		x->in_is = 0;
	} else if (strcmp(el, "c") == 0 && x->in_cell) {
		x->in_cell = x->in_text = 0;
		cell_end(x);
	} else if (strcmp(el, "row") == 0 && x->in_row) {
		x->in_row = 0;
		if (x->row_cells > 0 && !x->failed && x->sink->row(x->sink->ctx) != 0) {
			x->sink_failed = x->failed = 1;
			XML_StopParser(x->p, XML_FALSE);
		}
	}
}

/* ---------- expat ---------- */

static void on_start(void *ud, const XML_Char *name, const XML_Char **a)
{
	xl *x = ud;
	const char *el = local(name);

	if (x->failed)
		return;
	switch (x->part) {
	case P_PKG_RELS:
	case P_WB_RELS: rels_start(x, el, a); break;
	case P_WORKBOOK: workbook_start(x, el, a); break;
	case P_STYLES: styles_start(x, el, a); break;
	case P_SST: sst_start(x, el); break;
	case P_SHEET: sheet_start(x, el, a); break;
	}
}

static void on_end(void *ud, const XML_Char *name)
{
	xl *x = ud;
	const char *el = local(name);

	if (x->failed)
		return;
	if (x->part == P_STYLES && strcmp(el, "cellXfs") == 0)
		x->in_cellxfs = 0;
	else if (x->part == P_SST)
		sst_end(x, el);
	else if (x->part == P_SHEET)
		sheet_end(x, el);
}

/* Entity expansion ("billion laughs") needs a DTD: none is accepted. */
static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                       const XML_Char *pubid, int has_internal)
{
	xl *x = ud;
	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	fail(x, SS_EDATA, "%s declares a DTD (<!DOCTYPE>), which a workbook never has: refused "
	     "(entity expansion)", x->part_name);
}

static void on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
                      int vlen, const XML_Char *base, const XML_Char *sysid,
                      const XML_Char *pubid, const XML_Char *notation)
{
	xl *x = ud;
	(void)name, (void)is_param, (void)value, (void)vlen, (void)base, (void)sysid;
	(void)pubid, (void)notation;
	fail(x, SS_EDATA, "%s declares an entity: refused (entity expansion)", x->part_name);
}

/* Streams the part name through expat with the handlers of part. A part
 * that is absent is an error when required, else nothing. */
static int read_part(xl *x, const char *name, enum part part, bool required)
{
	zip_int64_t idx = zip_name_locate(x->za, name, ZIP_FL_NOCASE);
	zip_stat_t st;
	zip_file_t *f;
	char *buf = NULL;
	int rc = -1;

	if (idx < 0) {
		if (!required)
			return 0;
		return fail(x, SS_EDATA, "not an Excel workbook (.xlsx): the archive has no %s", name);
	}
	if (zip_stat_index(x->za, (zip_uint64_t)idx, 0, &st) != 0)
		return fail(x, SS_EDATA, "a damaged .xlsx archive: %s", zip_strerror(x->za));
	uint64_t comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : x->size;
	if (comp > x->size)
		comp = x->size;
	if (comp == 0)
		comp = 1;
	if ((f = zip_fopen_index(x->za, (zip_uint64_t)idx, 0)) == NULL)
		return fail(x, SS_EDATA, "a damaged .xlsx archive: cannot open %s (%s)", name,
		            zip_strerror(x->za));
	x->p = XML_ParserCreate(NULL);
	buf = malloc(READ_BLOCK);
	if (x->p == NULL || buf == NULL) {
		fail(x, SS_ENOMEM, "out of memory");
		goto out;
	}
	x->part = part;
	x->part_name = name;
	x->in_text = 0;
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, on_start, on_end);
	XML_SetCharacterDataHandler(x->p, on_text);
	XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
	XML_SetEntityDeclHandler(x->p, on_entity);
	XML_SetParamEntityParsing(x->p, XML_PARAM_ENTITY_PARSING_NEVER);
	uint64_t total = 0;
	for (;;) {
		zip_int64_t k = zip_fread(f, buf, READ_BLOCK);
		if (k < 0) {
			fail(x, SS_EDATA, "a damaged .xlsx archive: %s (%s)", name, zip_file_strerror(f));
			goto out;
		}
		total += (uint64_t)k;
		if (total > PART_MAX || (total > BOMB_FREE && total / comp > BOMB_RATIO)) {
			fail(x, SS_EDATA, "%s inflates to more than %llu bytes, %llu times its compressed "
			     "size: refused as a zip bomb", name, (unsigned long long)total,
			     (unsigned long long)(total / comp));
			goto out;
		}
		if (XML_Parse(x->p, buf, (int)k, k == 0) != XML_STATUS_OK) {
			if (!x->failed)
				fail(x, SS_EDATA, "malformed XML in %s, line %lu: %s", name,
				     (unsigned long)XML_GetCurrentLineNumber(x->p),
				     XML_ErrorString(XML_GetErrorCode(x->p)));
			goto out;
		}
		if (x->failed)
			goto out;
		if (k == 0)
			break;
	}
	rc = 0;
out:
	if (x->p != NULL)
		XML_ParserFree(x->p);
	x->p = NULL;
	zip_fclose(f);
	free(buf);
	return rc;
}

/* ---------- the whole read ---------- */

static void xl_free(xl *x)
{
	if (x->za != NULL)
		zip_discard(x->za);
	free(x->wb_path);
	free(x->wb_rels);
	free(x->sheet_path);
	free(x->sst_path);
	free(x->styles_path);
	free(x->sheet_rid);
	free(x->xf_date);
	free(x->sst);
	free(x->sst_off);
	free(x->txt);
}

/* The path of the relationships part of the part at path. */
static char *rels_of(xl *x, const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
	char *r = malloc(strlen(path) + 12);
	if (r == NULL) {
		fail(x, SS_ENOMEM, "out of memory");
		return NULL;
	}
	memcpy(r, path, dir);
	sprintf(r + dir, "_rels/%s.rels", path + dir);
	return r;
}

static int run(xl *x)
{
	if (read_part(x, "_rels/.rels", P_PKG_RELS, false) < 0)
		return -1;
	if (x->wb_path == NULL && (x->wb_path = dup_str(x, "xl/workbook.xml")) == NULL)
		return -1;
	if (read_part(x, x->wb_path, P_WORKBOOK, true) < 0)
		return -1;
	if (!x->sheet_found) {
		if (x->want != NULL)
			return fail(x, SS_EDATA, "the workbook has no sheet named '%s' (its sheets: %s)",
			            x->want, x->names[0] ? x->names : "none");
		return fail(x, SS_EDATA, "the workbook has no sheet");
	}
	if ((x->wb_rels = rels_of(x, x->wb_path)) == NULL ||
	    read_part(x, x->wb_rels, P_WB_RELS, true) < 0)
		return -1;
	if (x->sheet_path == NULL)
		return fail(x, SS_EDATA, "a damaged workbook: the sheet '%s' has no part", x->info.sheet);
	if (x->styles_path != NULL && read_part(x, x->styles_path, P_STYLES, false) < 0)
		return -1;
	if (x->sst_path != NULL && read_part(x, x->sst_path, P_SST, false) < 0)
		return -1;
	return read_part(x, x->sheet_path, P_SHEET, true);
}

int ss_xlsx_read(ss_xlsx_pread rd, void *rctx, uint64_t size, const char *sheet,
                 const ss_xlsx_sink *sink, ss_xlsx_info *info, ss_error *err)
{
	xl x;
	src_ctx s = { .rd = rd, .ctx = rctx, .size = size };
	zip_error_t ze;
	int rc = -1;

	memset(&x, 0, sizeof(x));
	x.err = err;
	x.size = size;
	x.sink = sink;
	x.want = sheet != NULL && sheet[0] ? sheet : NULL;
	zip_error_init(&s.zerr);
	zip_error_init(&ze);
	zip_source_t *src = zip_source_function_create(src_cb, &s, &ze);
	if (src == NULL) {
		ss_error_set(err, SS_ENOMEM, "out of memory");
		goto out;
	}
	x.za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (x.za == NULL) {
		zip_source_free(src);
		ss_error_set(err, zip_error_code_zip(&ze) == ZIP_ER_READ ? SS_EIO : SS_EDATA,
		             "not a readable .xlsx workbook: the ZIP archive is damaged (%s)",
		             zip_error_strerror(&ze));
		goto out;
	}
	rc = run(&x);
out:
	if (info != NULL)
		*info = x.info;
	xl_free(&x);
	zip_error_fini(&ze);
	zip_error_fini(&s.zerr);
	return rc;
}

typedef struct mem { const unsigned char *b; size_t n; } mem;

static ssize_t mem_pread(void *ctx, void *buf, size_t n, uint64_t off)
{
	const mem *m = ctx;
	if (off >= m->n)
		return 0;
	if (n > m->n - off)
		n = m->n - (size_t)off;
	memcpy(buf, m->b + off, n);
	return (ssize_t)n;
}

int ss_xlsx_read_mem(const void *buf, size_t n, const char *sheet, const ss_xlsx_sink *sink,
                     ss_xlsx_info *info, ss_error *err)
{
	mem m = { buf, n };
	return ss_xlsx_read(mem_pread, &m, n, sheet, sink, info, err);
}

/* ---------- date serials ---------- */

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

bool ss_xlsx_serial_text(double serial, bool date1904, char *out)
{
	if (!isfinite(serial) || serial < 0 || serial >= 2958466)
		return false;
	double whole = floor(serial);
	int64_t days = (int64_t)whole;
	int64_t secs = (int64_t)llround((serial - whole) * 86400.0);
	if (secs >= 86400) {
		days++;
		secs -= 86400;
	}
	int y, m, d;
	if (!date1904 && days == 60) {
		y = 1900, m = 2, d = 29;  /* Excel's 1900 leap-year quirk (Lotus 1-2-3's) */
	} else {
		int64_t z = days + (date1904 ? days_from_civil(1904, 1, 1) :
		                    days < 60 ? days_from_civil(1899, 12, 31) :
		                    days_from_civil(1899, 12, 30));
		civil_from_days(z, &y, &m, &d);
	}
	if (y > 9999)
		return false;
	snprintf(out, 32, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, (int)(secs / 3600),
	         (int)(secs / 60 % 60), (int)(secs % 60));
	return true;
}
