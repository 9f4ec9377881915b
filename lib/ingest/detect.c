/* detect.c: delimiter detection over the first records. */
#include <string.h>
#include "ingest/detect.h"

#define NCAND 4
#define MAX_RECORDS 20

char ss_detect_delimiter(const char *buf, size_t n, bool eof)
{
	static const char cand[NCAND] = {',', ';', '\t', '|'};
	size_t count[MAX_RECORDS][NCAND];
	size_t cur[NCAND] = {0};
	int nrec = 0, quoted = 0, any = 0;

	for (size_t i = 0; i < n && nrec < MAX_RECORDS; i++) {
		char c = buf[i];
		if (c == '"') {
			quoted = !quoted;
		} else if (!quoted && (c == '\n' || c == '\r')) {
			if (any) {
				memcpy(count[nrec++], cur, sizeof(cur));
				memset(cur, 0, sizeof(cur));
				any = 0;
			}
		} else {
			any = 1;
			if (!quoted)
				for (int k = 0; k < NCAND; k++)
					cur[k] += c == cand[k];
		}
	}
	if (eof && any && nrec < MAX_RECORDS)
		memcpy(count[nrec++], cur, sizeof(cur));
	if (nrec == 0)
		return ',';

	int best = -1, best_consistent = -1;
	for (int k = 0; k < NCAND; k++) {
		size_t h = count[0][k];
		if (h == 0)
			continue;
		int consistent = 1;
		for (int r = 1; r < nrec; r++)
			if (count[r][k] != h)
				consistent = 0;
		if (best < 0 || h > count[0][best])
			best = k;
		if (consistent && (best_consistent < 0 || h > count[0][best_consistent]))
			best_consistent = k;
	}
	if (best_consistent >= 0)
		return cand[best_consistent];
	return best >= 0 ? cand[best] : ',';
}
