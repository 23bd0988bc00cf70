#ifndef WSLX_PARSE_H
#define WSLX_PARSE_H

/*
 * parse_number(text, min, max, out):
 * Parse decimal ${text} (whole string, no sign or space) into *${out} when it
 * lies in [${min}, ${max}].  Returns 0, or -1.  The one parser for every number
 * that comes from a flag or a config file.
 */
int parse_number(const char *text, long min, long max, long *out);

/* parse_bool(text, out): true/false/yes/no/on/off/1/0.  Returns 0 or -1. */
int parse_bool(const char *text, int *out);

#endif
