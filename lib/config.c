/* config.c: .env parsing and environment-first lookups. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config.h"

struct ss_config {
	size_t n, cap;
	char **keys;
	char **values;
};

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int config_add(ss_config *cfg, const char *key, const char *value)
{
	char *k, *v;

	if (cfg->n == cfg->cap) {
		size_t cap = cfg->cap ? cfg->cap * 2 : 16;
		char **nk = realloc(cfg->keys, cap * sizeof(*nk));
		if (nk == NULL)
			return -1;
		cfg->keys = nk;
		char **nv = realloc(cfg->values, cap * sizeof(*nv));
		if (nv == NULL)
			return -1;
		cfg->values = nv;
		cfg->cap = cap;
	}
	k = strdup(key);
	v = strdup(value);
	if (k == NULL || v == NULL) {
		free(k);
		free(v);
		return -1;
	}
	cfg->keys[cfg->n] = k;
	cfg->values[cfg->n] = v;
	cfg->n++;
	return 0;
}

/* Parses one line in place; returns -1 only on out of memory. */
static int parse_line(ss_config *cfg, char *line)
{
	char *eq, *key, *val;
	size_t len;

	line = trim(line);
	if (*line == '\0' || *line == '#')
		return 0;
	if (strncmp(line, "export ", 7) == 0)
		line = trim(line + 7);
	eq = strchr(line, '=');
	if (eq == NULL)
		return 0;
	*eq = '\0';
	key = trim(line);
	val = trim(eq + 1);
	len = strlen(val);
	if (len >= 2 && (val[0] == '"' || val[0] == '\'') && val[len - 1] == val[0]) {
		val[len - 1] = '\0';
		val++;
	} else {
		char *hash = strstr(val, " #");
		if (hash != NULL)
			*hash = '\0';
		val = trim(val);
	}
	if (*key == '\0')
		return 0;
	return config_add(cfg, key, val);
}

ss_config *ss_config_load(const char *dotenv_path, ss_error *err)
{
	ss_config *cfg = calloc(1, sizeof(*cfg));
	FILE *f;
	char *line = NULL;
	size_t cap = 0;

	if (cfg == NULL) {
		ss_error_set(err, SS_ENOMEM, "out of memory reading settings");
		return NULL;
	}
	if (dotenv_path == NULL)
		return cfg;
	f = fopen(dotenv_path, "r");
	if (f == NULL) {
		if (errno == ENOENT)
			return cfg;
		ss_error_set(err, SS_EIO, "cannot read %s: %s", dotenv_path, strerror(errno));
		ss_config_free(cfg);
		return NULL;
	}
	while (getline(&line, &cap, f) != -1) {
		if (parse_line(cfg, line) != 0) {
			ss_error_set(err, SS_ENOMEM, "out of memory reading %s", dotenv_path);
			free(line);
			fclose(f);
			ss_config_free(cfg);
			return NULL;
		}
	}
	free(line);
	fclose(f);
	return cfg;
}

const char *ss_config_get(const ss_config *cfg, const char *key, const char *def)
{
	const char *env = getenv(key);
	size_t i;

	if (env != NULL && *env != '\0')
		return env;
	if (cfg != NULL)
		for (i = cfg->n; i > 0; i--) /* the last assignment wins */
			if (strcmp(cfg->keys[i - 1], key) == 0 && cfg->values[i - 1][0] != '\0')
				return cfg->values[i - 1];
	return def;
}

long ss_config_get_long(const ss_config *cfg, const char *key, long def, long lo, long hi)
{
	const char *s = ss_config_get(cfg, key, NULL);
	char *end;
	long v;

	if (s == NULL)
		return def;
	errno = 0;
	v = strtol(s, &end, 10);
	while (isspace((unsigned char)*end))
		end++;
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		return def;
	return v;
}

void ss_config_free(ss_config *cfg)
{
	size_t i;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->n; i++) {
		free(cfg->keys[i]);
		free(cfg->values[i]);
	}
	free(cfg->keys);
	free(cfg->values);
	free(cfg);
}
