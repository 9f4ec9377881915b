/* test-config.c: .env reading and the environment overriding it. */
#include <stdlib.h>
#include <unistd.h>
#include "check.h"
#include "config.h"

int main(void)
{
	char path[] = "/tmp/smartseg-env-XXXXXX";
	int fd = mkstemp(path);
	ss_error err;
	ss_config *cfg;
	FILE *f;

	CHECK(fd >= 0, "temp file");
	f = fdopen(fd, "w");
	fputs("# settings\nMONGO_URI=mongodb://db:27017\nexport DB_NAME=\"shop\"\n"
	      "GEMINI_MODEL='gemini-x' \nEMPTY=\nGEMINI_TIMEOUT_S=7 # seconds\nnot a pair\n", f);
	fclose(f);
	unsetenv("MONGO_URI");
	unsetenv("DB_NAME");
	setenv("GEMINI_MODEL", "from-env", 1);
	cfg = ss_config_load(path, &err);
	CHECK(cfg != NULL, "loads");
	CHECK_STR(ss_config_get(cfg, "MONGO_URI", NULL), "mongodb://db:27017", "plain value");
	CHECK_STR(ss_config_get(cfg, "DB_NAME", NULL), "shop", "export and quotes");
	CHECK_STR(ss_config_get(cfg, "GEMINI_MODEL", NULL), "from-env", "environment overrides .env");
	CHECK_STR(ss_config_get(cfg, "EMPTY", "def"), "def", "empty value means unset");
	CHECK(ss_config_get_long(cfg, "GEMINI_TIMEOUT_S", 20, 1, 600) == 7, "number with comment");
	CHECK(ss_config_get_long(cfg, "DB_NAME", 20, 1, 600) == 20, "non-number falls back");
	ss_config_free(cfg);
	unlink(path);
	cfg = ss_config_load("/nonexistent/.env", &err);
	CHECK(cfg != NULL && ss_config_get(cfg, "MONGO_URI", NULL) == NULL, "missing .env is fine");
	ss_config_free(cfg);
	return CHECK_DONE();
}
