#ifndef WSLX_TEXTBUF_H
#define WSLX_TEXTBUF_H

#include <stddef.h>

/* A fixed buffer that text is appended to; overflow is sticky and checked once. */
struct textbuf {
	char *buf;
	size_t cap, len;
	int overflow;
};

/* textbuf_init(t, buf, cap): an empty text in ${buf} of ${cap} bytes. */
void textbuf_init(struct textbuf *t, char *buf, size_t cap);

/* textbuf_printf(t, fmt, ...): append; on overflow set t->overflow. */
void textbuf_printf(struct textbuf *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
