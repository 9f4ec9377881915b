/* gzip.c: a gzip-compressed source inflated block by block (zlib), so a
 * .csv.gz is parsed as it is read, in fixed memory, like a plain CSV. */
#include <stdlib.h>
#include <string.h>
#include "ingest/private.h"

#define IN_BLOCK ((size_t)64 << 10)

int ingest__gz_open(ingest__gz *z, ingest__src *src, const char *first, size_t n,
                    ss_error *err)
{
	memset(z, 0, sizeof(*z));
	z->src = src;
	z->in = malloc(IN_BLOCK > n ? IN_BLOCK : n);
	if (z->in == NULL) {
		ss_error_set(err, SS_ENOMEM, "out of memory");
		return -1;
	}
	memcpy(z->in, first, n);
	z->zs.next_in = (unsigned char *)z->in;
	z->zs.avail_in = (unsigned)n;
	z->src_eof = n < SS_ING_BLOCK;
	/* 16 + MAX_WBITS: the gzip wrapper, its CRC and length checked */
	if (inflateInit2(&z->zs, 16 + MAX_WBITS) != Z_OK) {
		free(z->in);
		z->in = NULL;
		ss_error_set(err, SS_ENOMEM, "out of memory starting zlib");
		return -1;
	}
	z->open = 1;
	return 0;
}

void ingest__gz_close(ingest__gz *z)
{
	if (z->open)
		inflateEnd(&z->zs);
	free(z->in);
	z->in = NULL;
	z->open = 0;
}

static int read_error(ingest__gz *z, ss_error *err)
{
	if (z->src->grow != NULL)
		ss_error_set(err, SS_EIO, "the upload of %s did not complete", z->src->name);
	else
		ss_error_set(err, SS_EIO, "cannot read %s", z->src->name);
	return -1;
}

/* Refills the input; 0, or -1 on a read error (err set). */
static int refill(ingest__gz *z, ss_error *err)
{
	ssize_t k = ingest__src_read(z->src, z->in, IN_BLOCK);
	if (k < 0)
		return read_error(z, err);
	z->zs.next_in = (unsigned char *)z->in;
	z->zs.avail_in = (unsigned)k;
	if (k == 0)
		z->src_eof = 1;
	return 0;
}

ssize_t ingest__gz_read(ingest__gz *z, char *buf, size_t want, ss_error *err)
{
	size_t have = 0;

	while (have < want && !z->done) {
		if (z->zs.avail_in == 0 && !z->src_eof && refill(z, err) < 0)
			return -1;
		if (z->member_end) {
			/* concatenated members (gzip a b > c) are one stream, as
			 * gunzip reads them; anything else after the end is ignored */
			if (z->zs.avail_in == 0 && z->src_eof) {
				z->done = 1;
				break;
			}
			if (z->zs.avail_in < 2 && !z->src_eof) {
				/* too few bytes to see a magic: keep them, read on */
				memmove(z->in, z->zs.next_in, z->zs.avail_in);
				ssize_t k = ingest__src_read(z->src, z->in + z->zs.avail_in,
				                             IN_BLOCK - z->zs.avail_in);
				if (k < 0)
					return read_error(z, err);
				if (k == 0)
					z->src_eof = 1;
				z->zs.next_in = (unsigned char *)z->in;
				z->zs.avail_in += (unsigned)k;
				continue;
			}
			if (z->zs.avail_in < 2 || z->zs.next_in[0] != 0x1f || z->zs.next_in[1] != 0x8b) {
				z->done = 1;
				break;
			}
			if (inflateReset(&z->zs) != Z_OK) {
				ss_error_set(err, SS_ENOMEM, "zlib failed to restart");
				return -1;
			}
			z->member_end = 0;
		}
		z->zs.next_out = (unsigned char *)buf + have;
		z->zs.avail_out = (unsigned)(want - have);
		int r = inflate(&z->zs, Z_NO_FLUSH);
		have = want - z->zs.avail_out;
		switch (r) {
		case Z_OK:
			break;
		case Z_STREAM_END:
			z->member_end = 1;
			break;
		case Z_BUF_ERROR:  /* no progress: the input ran out mid-stream */
			if (z->zs.avail_in == 0 && z->src_eof) {
				ss_error_set(err, SS_EDATA,
				    "the gzip file is truncated: its compressed data ends early "
				    "(after %llu bytes of CSV); compress the whole file again",
				    (unsigned long long)z->zs.total_out + z->out_before);
				return -1;
			}
			break;
		case Z_MEM_ERROR:
			ss_error_set(err, SS_ENOMEM, "out of memory in zlib");
			return -1;
		default:  /* Z_DATA_ERROR, Z_NEED_DICT, Z_STREAM_ERROR */
			ss_error_set(err, SS_EDATA, "the gzip data is corrupt (%s)",
			             z->zs.msg ? z->zs.msg : "zlib error");
			return -1;
		}
		if (r == Z_STREAM_END)
			z->out_before += z->zs.total_out;
	}
	return (ssize_t)have;
}
