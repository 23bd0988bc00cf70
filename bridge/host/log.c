#include "log.h"

#include "platform.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

static FILE *log_file;
static int verbose;

int
log_open(const char *path)
{
	if (!path) {
		log_file = stderr;
		return 0;
	}
	log_file = platform_open_log(path);
	if (!log_file) {
		log_file = stderr;
		return -1;
	}
	setvbuf(log_file, NULL, _IOLBF, 0);
	return 0;
}

void
log_close(void)
{
	if (log_file && log_file != stderr)
		fclose(log_file);
	log_file = NULL;
}

void
log_verbose(int on)
{
	verbose = on;
}

static void
vline(const char *fmt, va_list ap)
{
	FILE *f = log_file ? log_file : stderr;
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;

#ifdef _WIN32
	gmtime_s(&tm, &now);
#else
	gmtime_r(&now, &tm);
#endif
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(f, "%s wslx-host: ", stamp);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
	fflush(f);
}

void
log_event(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline(fmt, ap);
	va_end(ap);
}

/* Both limited kinds share one budget: a flood is a flood, whatever it logs. */
static void
vlimited(unsigned long long now_ms, const char *fmt, va_list ap)
{
	static unsigned long long window_start;
	static unsigned written, dropped;

	if (now_ms - window_start >= LOG_WINDOW_MS) {
		if (dropped)
			log_event("%u more connection events not logged in the last %d s",
			          dropped, LOG_WINDOW_MS / 1000);
		window_start = now_ms;
		written = dropped = 0;
	}
	if (written >= LOG_BURST) {
		dropped++;
		return;
	}
	written++;
	vline(fmt, ap);
}

void
log_limited(unsigned long long now_ms, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlimited(now_ms, fmt, ap);
	va_end(ap);
}

void
log_debug(unsigned long long now_ms, const char *fmt, ...)
{
	va_list ap;

	if (!verbose)
		return;
	va_start(ap, fmt);
	vlimited(now_ms, fmt, ap);
	va_end(ap);
}
