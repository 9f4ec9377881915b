/* gemini.h: the defaults of the Gemini service (see llm.h for the client). */
#ifndef SMARTSEG_GEMINI_H
#define SMARTSEG_GEMINI_H

/* The current stable Flash model Google's model and deprecation pages list
 * (released 2026-09-02, no shutdown date), then Google's alias for the
 * latest Flash release: when the pinned id is retired, naming goes on. */
#define SS_GEMINI_DEFAULT_MODEL "gemini-3.8-flash,gemini-flash-latest"
#define SS_GEMINI_DEFAULT_BASE "https://generativelanguage.googleapis.com"
#define SS_GEMINI_DEFAULT_TIMEOUT_S 20

#endif
