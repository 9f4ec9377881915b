/* public_msg.h: error messages as the client sees them: without the
 * server's file paths, which stay in the server's log. */
#ifndef SMARTSEG_PUBLIC_MSG_H
#define SMARTSEG_PUBLIC_MSG_H
#include <stddef.h>

/* msg itself when it names no absolute path; else msg written to stderr
 * whole and returned in out with each absolute path cut to its last part
 * ("/var/lib/smartseg/smartseg.db" -> "smartseg.db"). */
const char *public_msg(const char *msg, char *out, size_t size);

#endif
