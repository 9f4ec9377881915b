/* xlsx_src.c: an .xlsx workbook as the source of ingest: the reader of
 * xlsx.h over the file (or the upload, once complete: the archive's
 * directory is at its end), its cells fed to the parse engine as CSV
 * fields would be. */
#include <string.h>
#include <sys/stat.h>
#include "ingest/private.h"
#include "ingest/xlsx.h"

static ssize_t src_pread(void *ctx, void *buf, size_t n, uint64_t off)
{
	ingest__src s = *(const ingest__src *)ctx;  /* its own offset */

	s.off = off;
	return ingest__src_read(&s, buf, n);
}

/* The sheet's cells; a row ends at its last cell, so it is padded with
 * empty cells to the header's width, as a CSV export writes it. */
typedef struct feed {
	ingest__state *g;
	size_t cells, header_cells;
	int header_seen;
} feed;

static int on_cell(void *ctx, const char *s, size_t n)
{
	feed *f = ctx;

	ingest__field(f->g, s, n);
	f->cells++;
	return f->g->stop ? -1 : 0;
}

static int on_row(void *ctx)
{
	feed *f = ctx;

	if (!f->header_seen) {
		f->header_seen = 1;
		f->header_cells = f->cells;
	}
	for (; f->cells < f->header_cells && !f->g->stop; f->cells++)
		ingest__field(f->g, "", 0);
	f->cells = 0;
	ingest__row(f->g);
	return f->g->stop ? -1 : 0;
}

int ingest__xlsx_run(ingest__state *g, ingest__src *src, const ss_ingest_opts *opts)
{
	ss_quality *q = g->q;
	feed f = { .g = g };
	ss_xlsx_sink sink = { on_cell, on_row, &f };
	ss_xlsx_info info;
	uint64_t size;
	struct stat st;

	q->container = SS_CONTAINER_XLSX;
	/* cells are separate already: no delimiter, numbers with a '.' */
	q->delimiter = opts && opts->delimiter ? opts->delimiter : ',';
	q->delimiter_detected = !(opts && opts->delimiter);
	q->date_order = SS_DATE_MONTH_FIRST;
	g->comma_ok = false;
	if (src->grow != NULL) {
		int64_t n = ss_growfile_wait_done(src->grow);
		if (n < 0) {
			ingest__read_failed(g, src);
			return -1;
		}
		size = (uint64_t)n;
	} else if (fstat(src->fd, &st) == 0 && S_ISREG(st.st_mode)) {
		size = (uint64_t)st.st_size;
	} else {
		ss_error_set(g->err, SS_EDATA, "an .xlsx workbook is read out of order: give a "
		             "file, not a pipe");
		g->stop = 1;
		return -1;
	}
	int rc = ss_xlsx_read(src_pread, src, size, opts ? opts->sheet : NULL, &sink, &info, g->err);
	memcpy(q->sheet, info.sheet, sizeof(q->sheet));
	q->date1904 = info.date1904;
	if (rc < 0)
		g->stop = 1;
	return rc;
}
