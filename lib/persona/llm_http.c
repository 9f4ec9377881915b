/* llm_http.c: one POST to a model service with retries, backoff and a
 * deadline (libcurl easy interface, one handle reused across tries). */
#include <curl/curl.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "persona/llm.h"
#include "persona/private.h"

#define BACKOFF_BASE_MS 500  /* first retry waits 250..750 ms, then doubles */
#define MIN_TRY_MS 100       /* no try is started with less time left */

typedef struct sink {
	char *buf;
	size_t len, cap;
	bool too_large;
	bool no_memory;
} sink;

int64_t persona__llm_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int64_t ms)
{
	struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};

	while (ms > 0 && nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* xorshift64: the jitter source, local to each call (no global rand()). */
static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Keeps at most SS_LLM_MAX_ANSWER bytes; returning less than asked
 * makes libcurl stop the transfer with CURLE_WRITE_ERROR. */
static size_t on_data(char *data, size_t size, size_t n, void *userp)
{
	sink *s = userp;
	size_t add = size * n;

	if (add > SS_LLM_MAX_ANSWER - s->len) {
		s->too_large = true;
		return 0;
	}
	if (s->len + add + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 16384;
		while (cap < s->len + add + 1)
			cap *= 2;
		char *nb = realloc(s->buf, cap);
		if (nb == NULL) {
			s->no_memory = true;
			return 0;
		}
		s->buf = nb;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, data, add);
	s->len += add;
	s->buf[s->len] = '\0';
	return add;
}

static bool retryable_status(long st)
{
	return st == 429 || st == 500 || st == 502 || st == 503 || st == 504;
}

static bool retryable_curl(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return true;
	default:
		return false;
	}
}

/* Options that do not change between tries. */
static bool setup(CURL *h, const char *url, struct curl_slist *hdrs,
                  const char *body, size_t body_len, sink *s, char *errbuf)
{
	bool ok = true;

	ok = ok && curl_easy_setopt(h, CURLOPT_URL, url) == CURLE_OK;
	ok = ok && curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK;
	ok = ok && curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L) == CURLE_OK;
	ok = ok && curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs) == CURLE_OK;
	ok = ok && curl_easy_setopt(h, CURLOPT_POSTFIELDS, body) == CURLE_OK;
	ok = ok && curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
	                            (curl_off_t)body_len) == CURLE_OK;
	ok = ok && curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data) == CURLE_OK;
	ok = ok && curl_easy_setopt(h, CURLOPT_WRITEDATA, s) == CURLE_OK;
	ok = ok && curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf) == CURLE_OK;
	ok = ok && curl_easy_setopt(h, CURLOPT_USERAGENT, "smartseg") == CURLE_OK;
	/* gzip is decoded before on_data, so the 1 MB cap holds after it. */
	ok = ok && curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "") == CURLE_OK;
	return ok;
}

/* The wait before the next try, in ms: what the answer asks for
 * (RetryInfo.retryDelay in its error details, else a Retry-After header, in
 * seconds or as an HTTP date, as libcurl reads it), else exponential
 * backoff with jitter. *asked_s is the wait asked for, 0 when none. */
static int64_t next_wait(CURL *h, int try, uint64_t *rng, const persona__llm_error *e,
                         double *asked_s)
{
	curl_off_t ra = 0;
	int64_t base = (int64_t)BACKOFF_BASE_MS << (try - 1);

	*asked_s = 0;
	if (e->retry_s >= 0) {
		*asked_s = e->retry_s;
		return (int64_t)(e->retry_s * 1000.0 + 0.5);
	}
	if (curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK && ra > 0) {
		*asked_s = (double)ra;
		return (int64_t)ra * 1000;
	}
	return base / 2 + (int64_t)(xorshift(rng) % (uint64_t)base);
}

/* Appends the service's own message, when it sent one, to why. */
static void add_message(char *why, size_t why_size, const persona__llm_error *e)
{
	if (e->message[0] != '\0') {
		persona__llm_cat(why, why_size, ": ");
		persona__llm_cat(why, why_size, e->message);
	}
}

int persona__llm_post(const persona__llm_call *call, persona__llm_reply *reply,
                      char *why, size_t why_size)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *hdrs = NULL, *t;
	sink s = {0};
	CURL *h = NULL;
	persona__llm_error e = {.retry_s = -1};
	uint64_t rng = ((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid()
	               ^ (uint64_t)(uintptr_t)&s ^ 0x9e3779b97f4a7c15ULL;
	int rc = -1;

	if (rng == 0)
		rng = 1;      /* xorshift stays at 0 forever */
	memset(reply, 0, sizeof(*reply));
	snprintf(why, why_size, "internal error");
	h = curl_easy_init();
	if (h == NULL) {
		snprintf(why, why_size, "libcurl could not start");
		return -1;
	}
	hdrs = curl_slist_append(NULL, "Content-Type: application/json");
	if (hdrs == NULL)
		goto oom;
	if (call->auth != NULL) {
		if ((t = curl_slist_append(hdrs, call->auth)) == NULL)
			goto oom;
		hdrs = t;
	}
	/* No "Expect: 100-continue" round trip for a small body. */
	if ((t = curl_slist_append(hdrs, "Expect:")) == NULL)
		goto oom;
	hdrs = t;
	if (!setup(h, call->url, hdrs, call->body, call->body_len, &s, errbuf)) {
		snprintf(why, why_size, "libcurl rejected the settings (base URL?)");
		goto done;
	}
	for (;;) {
		int64_t left = call->deadline_ms - persona__llm_now_ms(), wait;
		long connect_ms = left < SS_LLM_CONNECT_TIMEOUT_MS ? (long)left
		                  : SS_LLM_CONNECT_TIMEOUT_MS;
		double asked_s;
		CURLcode cc;

		if (left < MIN_TRY_MS) { /* 0 would mean no timeout to libcurl */
			snprintf(why, why_size, "no answer within %ld s", call->budget_s);
			break;
		}
		s.len = 0;
		s.too_large = s.no_memory = false;
		memset(&e, 0, sizeof(e));
		e.retry_s = -1;
		errbuf[0] = '\0';
		reply->status = 0;
		curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)left);
		curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
		reply->tries++;
		cc = curl_easy_perform(h);
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply->status);
		if (s.no_memory)
			goto oom;
		if (s.too_large) {
			snprintf(why, why_size, "the answer is larger than %d bytes",
			         SS_LLM_MAX_ANSWER);
			break;
		}
		if (cc == CURLE_OK && reply->status == 200) {
			rc = 0;
			break;
		}
		if (cc == CURLE_OPERATION_TIMEDOUT
		    && call->deadline_ms - persona__llm_now_ms() < MIN_TRY_MS) {
			snprintf(why, why_size, "no answer within %ld s (%d tr%s)", call->budget_s,
			         reply->tries, reply->tries == 1 ? "y" : "ies");
			break;
		}
		if (cc != CURLE_OK) {
			snprintf(why, why_size, "network error after %d tr%s: %s", reply->tries,
			         reply->tries == 1 ? "y" : "ies",
			         errbuf[0] ? errbuf : curl_easy_strerror(cc));
			if (!retryable_curl(cc))
				break;
		} else {
			persona__llm_error_parse(s.buf, s.len, &e);
			snprintf(why, why_size, "HTTP %ld after %d tr%s", reply->status,
			         reply->tries, reply->tries == 1 ? "y" : "ies");
			if (reply->status == 404 || reply->status == 410) {
				reply->model_missing = true;
				add_message(why, why_size, &e);
				break;
			}
			if (reply->status == 429 && (e.per_day || e.no_quota)) {
				size_t n = strlen(why);
				snprintf(why + n, why_size - n, e.per_day
				         ? ", per-day quota exhausted (%s), not retried"
				         : ", quota exhausted (%s), not retried", e.quota);
				add_message(why, why_size, &e);
				break;
			}
			if (!retryable_status(reply->status)) {
				add_message(why, why_size, &e);
				break;
			}
		}
		if (reply->tries >= SS_LLM_MAX_TRIES) {
			add_message(why, why_size, &e);
			break;
		}
		wait = next_wait(h, reply->tries, &rng, &e, &asked_s);
		left = call->deadline_ms - persona__llm_now_ms();
		if (wait + MIN_TRY_MS > left) {
			size_t n = strlen(why);
			if (asked_s > 0)
				snprintf(why + n, why_size - n,
				         "; the service asks to retry in %.0f s, beyond the %ld s budget",
				         asked_s, call->budget_s);
			else
				snprintf(why + n, why_size - n, "; out of time to retry");
			add_message(why, why_size, &e);
			break;
		}
		sleep_ms(wait);
	}
	goto done;
oom:
	snprintf(why, why_size, "out of memory");
	rc = -1;
done:
	if (s.buf != NULL && (rc == 0 || s.len > 0) && !s.too_large) {
		reply->body = s.buf;
		reply->len = s.len;
	} else {
		free(s.buf);
	}
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(h);
	return rc;
}
