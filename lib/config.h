/* config.h: settings from a .env file, overridden by the environment. */
#ifndef SMARTSEG_CONFIG_H
#define SMARTSEG_CONFIG_H
#include "ss_error.h"

/* Holds the KEY=VALUE pairs of a .env file; the caller owns it and frees it
 * with ss_config_free(). Lookups consult the process environment first. */
typedef struct ss_config ss_config;

/* Reads dotenv_path (a missing file is not an error: no pairs). Lines are
 * KEY=VALUE, optional `export `, quotes around the value, # comments.
 * Returns NULL with err set on out of memory or an unreadable file. */
ss_config *ss_config_load(const char *dotenv_path, ss_error *err);

/* The value of key: the environment's if set and non-empty, else the .env
 * file's, else def. The pointer stays valid until ss_config_free(). */
const char *ss_config_get(const ss_config *cfg, const char *key, const char *def);

/* As ss_config_get, parsed as a long in [lo, hi]; def when unset or invalid. */
long ss_config_get_long(const ss_config *cfg, const char *key, long def, long lo, long hi);

void ss_config_free(ss_config *cfg);

#endif
