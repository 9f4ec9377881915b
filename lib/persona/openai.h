/* openai.h: the defaults of the OpenAI-compatible service (see llm.h). */
#ifndef SMARTSEG_OPENAI_H
#define SMARTSEG_OPENAI_H

/* Local models on a CPU take longer than a cloud model. */
#define SS_OPENAI_DEFAULT_TIMEOUT_S 60

#endif
