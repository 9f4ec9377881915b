/* stored.c: comparisons read from the store through its cursors. */
#include <stdlib.h>
#include <strings.h>
#include "compare/stored.h"

int ss_compare_stored(ss_store *s, const char *a, const char *b, ss_json_sink csv,
                      void *csv_ctx, ss_comparison *out, ss_error *err)
{
	bson_t ha = BSON_INITIALIZER, hb = BSON_INITIALIZER;
	ss_store_cursor *ca = NULL, *cb = NULL;
	int rc = -1;

	if (a != NULL && b != NULL && strcasecmp(a, b) == 0)
		return ss_error_set(err, SS_EPARAM,
		                    "analysis %.40s is compared with itself: pick an earlier analysis to compare it with", a);
	if (ss_store_get_head(s, a, &ha, err) != 0 || ss_store_get_head(s, b, &hb, err) != 0)
		goto done;
	if ((ca = ss_store_customers_open(s, a, err)) == NULL ||
	    (cb = ss_store_customers_open(s, b, err)) == NULL)
		goto done;
	rc = ss_compare_run(&ha, &hb, (ss_row_reader){ ss_store_customers_next, ca },
	                    (ss_row_reader){ ss_store_customers_next, cb }, csv, csv_ctx, out, err);
done:
	ss_store_customers_close(ca);
	ss_store_customers_close(cb);
	bson_destroy(&ha);
	bson_destroy(&hb);
	return rc;
}

int ss_compare_align_stored(ss_store *s, const char *ref_id, const bson_t *doc,
                            int new_personas, bson_t *out, ss_error *err)
{
	bson_t head = BSON_INITIALIZER;
	ss_store_cursor *cur = NULL;
	ss_comparison *c = malloc(sizeof(*c));
	ss_doc_rows dr;
	int rc = -1;

	if (c == NULL)
		return ss_error_set(err, SS_ENOMEM, "out of memory comparing with the reference");
	if (ss_store_get_head(s, ref_id, &head, err) != 0 ||
	    (cur = ss_store_customers_open(s, ref_id, err)) == NULL)
		goto done;
	ss_doc_rows_init(&dr, doc);
	if (ss_compare_run(&head, doc, (ss_row_reader){ ss_store_customers_next, cur },
	                   (ss_row_reader){ ss_doc_rows_next, &dr }, NULL, NULL, c, err) != 0)
		goto done;
	rc = ss_compare_align(c, &head, doc, new_personas, out, err);
done:
	ss_store_customers_close(cur);
	bson_destroy(&head);
	free(c);
	return rc;
}
