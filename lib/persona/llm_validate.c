/* llm_validate.c: turns the model's JSON text into personas: fence
 * stripping, text cleaning and one-entry-per-cluster validation. */
#include <bson/bson.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "persona/llm.h"
#include "persona/private.h"

bson_t *persona__llm_answer_doc(const char *body, size_t len, char *why, size_t why_size)
{
	bson_error_t berr;
	bson_t *doc;

	if (body == NULL || len == 0) {
		snprintf(why, why_size, "empty answer");
		return NULL;
	}
	doc = bson_new_from_json((const uint8_t *)body, (ssize_t)len, &berr);
	if (doc == NULL)
		snprintf(why, why_size, "the answer is not JSON: %.200s", berr.message);
	return doc;
}

const char *persona__llm_strip_fence(const char *text, size_t *len)
{
	const char *s = text, *e = text + *len;

	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	if (e - s >= 3 && memcmp(s, "```", 3) == 0) {
		const char *nl = memchr(s, '\n', (size_t)(e - s));
		if (nl != NULL) {
			s = nl + 1;              /* ```json\n */
		} else {
			s += 3;                  /* ```json [...]``` on one line */
			while (s < e && isalpha((unsigned char)*s))
				s++;
		}
		if (e - s >= 3 && memcmp(e - 3, "```", 3) == 0)
			e -= 3;
		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
	}
	*len = (size_t)(e - s);
	return s;
}

/* Length of the well-formed UTF-8 sequence at s (n bytes available) with its
 * code point in *cp; 0 when invalid (overlong, surrogate, past U+10FFFF). */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0)
		len = 2, c = s[0] & 0x1f, min = 0x80;
	else if ((s[0] & 0xf0) == 0xe0)
		len = 3, c = s[0] & 0x0f, min = 0x800;
	else if ((s[0] & 0xf8) == 0xf0)
		len = 4, c = s[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

static bool is_space(uint32_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0x2028 || c == 0x2029;
}

/* Control characters, and the bidirectional overrides that could reorder
 * the text around a name on a page. */
static bool is_dropped(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)
	       || (c >= 0x2066 && c <= 0x2069);
}

size_t persona__llm_clean_text(const char *in, size_t len, char *out, size_t size,
                            size_t max_chars)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, o = 0, chars = 0;
	bool space = false;

	if (size == 0)
		return 0;
	while (i < len) {
		uint32_t cp;
		size_t l = utf8_next(s + i, len - i, &cp);

		if (l == 0) {
			i++;
			continue;
		}
		i += l;
		if (is_space(cp)) {
			space = o > 0;   /* folded; never leading */
			continue;
		}
		if (is_dropped(cp))
			continue;
		if (chars + space + 1 > max_chars || o + space + l + 1 > size)
			break;
		if (space) {
			out[o++] = ' ';
			chars++;
			space = false;
		}
		memcpy(out + o, s + i - l, l);
		o += l;
		chars++;
	}
	out[o] = '\0';
	return chars;
}

/* One answer entry's cluster number: an integer, or a float holding one. */
static bool entry_cluster(const bson_iter_t *entry, int64_t *c)
{
	bson_iter_t f = *entry, in;

	if (!bson_iter_recurse(&f, &in) || !bson_iter_find(&in, "cluster"))
		return false;
	if (BSON_ITER_HOLDS_INT32(&in) || BSON_ITER_HOLDS_INT64(&in)) {
		*c = bson_iter_as_int64(&in);
		return true;
	}
	if (BSON_ITER_HOLDS_DOUBLE(&in)) {
		double d = bson_iter_double(&in);
		if (d == floor(d) && fabs(d) < 1e9) {
			*c = (int64_t)d;
			return true;
		}
	}
	return false;
}

/* A string field of an entry, cleaned into out; false when missing, not a
 * string or empty once cleaned. */
static bool entry_text(const bson_iter_t *entry, const char *key, char *out,
                       size_t size, size_t max_chars)
{
	bson_iter_t f = *entry, in;
	const char *s;
	uint32_t n;

	out[0] = '\0';
	if (!bson_iter_recurse(&f, &in) || !bson_iter_find(&in, key)
	    || !BSON_ITER_HOLDS_UTF8(&in))
		return false;
	s = bson_iter_utf8(&in, &n);
	return persona__llm_clean_text(s, n, out, size, max_chars) > 0;
}

/* Appends "; cluster c: what" to why (silently cut when full). */
static void note(char *why, size_t why_size, int c, const char *what)
{
	size_t n = strlen(why);

	if (n < why_size)
		snprintf(why + n, why_size - n, "%scluster %d: %s", n ? "; " : "", c, what);
}

int persona__llm_apply(const char *text, size_t len, int k, ss_persona *personas,
                       const char *source, char *why, size_t why_size)
{
	const char *s = persona__llm_strip_fence(text, &len);
	bson_error_t berr;
	bson_t *doc = NULL;
	bson_iter_t top, list;
	ss_persona *cand = NULL;
	int *seen = NULL;
	bool *bad = NULL;
	int taken = -1, unknown = 0, c;

	why[0] = '\0';
	if (len == 0 || (s[0] != '[' && s[0] != '{')) {
		snprintf(why, why_size, "the model's text is not a JSON array");
		return -1;
	}
	/* libbson reads a top-level array as a document keyed "0", "1"... */
	doc = bson_new_from_json((const uint8_t *)s, (ssize_t)len, &berr);
	if (doc == NULL) {
		snprintf(why, why_size, "the model's text is not valid JSON: %.200s", berr.message);
		return -1;
	}
	if (!bson_iter_init(&top, doc))
		goto not_array;
	if (s[0] == '[') {
		list = top;
	} else {  /* {"segments": [...]}: the first array found */
		bool found = false;   /* a finished iterator may not be read */
		while (!found && bson_iter_next(&top))
			found = BSON_ITER_HOLDS_ARRAY(&top);
		if (!found || !bson_iter_recurse(&top, &list))
			goto not_array;
	}
	cand = calloc((size_t)k, sizeof(*cand));
	seen = calloc((size_t)k, sizeof(*seen));
	bad = calloc((size_t)k, sizeof(*bad));
	if (cand == NULL || seen == NULL || bad == NULL) {
		snprintf(why, why_size, "out of memory");
		goto done;
	}
	while (bson_iter_next(&list)) {
		int64_t cl;

		if (!BSON_ITER_HOLDS_DOCUMENT(&list) || !entry_cluster(&list, &cl)
		    || cl < 0 || cl >= k) {
			unknown++;
			continue;
		}
		c = (int)cl;
		if (seen[c]++ > 0)
			continue;
		/* all three read, even after a bad one */
		bool name_ok = entry_text(&list, "name", cand[c].name, sizeof(cand[c].name),
		                          SS_LLM_NAME_MAX);
		bool desc_ok = entry_text(&list, "description", cand[c].description,
		                          sizeof(cand[c].description), SS_LLM_DESCRIPTION_MAX);
		bool action_ok = entry_text(&list, "action", cand[c].action,
		                            sizeof(cand[c].action), SS_LLM_ACTION_MAX);
		bad[c] = !name_ok || !desc_ok || !action_ok;
	}
	taken = 0;
	for (c = 0; c < k; c++) {
		if (seen[c] == 0) {
			note(why, why_size, c, "missing from the answer");
		} else if (seen[c] > 1) {
			note(why, why_size, c, "answered more than once");
		} else if (bad[c]) {
			note(why, why_size, c, "a missing or empty field");
		} else {
			memcpy(personas[c].name, cand[c].name, sizeof(cand[c].name));
			memcpy(personas[c].description, cand[c].description,
			       sizeof(cand[c].description));
			memcpy(personas[c].action, cand[c].action, sizeof(cand[c].action));
			snprintf(personas[c].source, sizeof(personas[c].source), "%s", source);
			taken++;
		}
	}
	if (taken < k && unknown > 0) {
		size_t n = strlen(why);
		if (n < why_size)
			snprintf(why + n, why_size - n, "; %d entr%s for no known cluster",
			         unknown, unknown == 1 ? "y" : "ies");
	}
	goto done;
not_array:
	snprintf(why, why_size, "the model's JSON holds no array of segments");
done:
	free(cand);
	free(seen);
	free(bad);
	bson_destroy(doc);
	return taken;
}
