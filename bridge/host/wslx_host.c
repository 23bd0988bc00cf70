/* wslx-host: the authenticating X11 forwarder that runs beside the X server. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "hostcore.h"
#include "hostopts.h"
#include "log.h"
#include "platform.h"

static const char usage[] =
    "usage: wslx-host [OPTIONS]\n"
    "\n"
    "Front a real X server: accept only the WSL subnet and clients with the right\n"
    "MIT-MAGIC-COOKIE-1, hand the server a cookie of its own, relay.\n"
    "\n"
    "  --listen ADDR[:PORT]      listen on this IPv4 address (port 6000+display)\n"
    "  --interface NAME          listen on this interface's address, follow it\n"
    "  --display N               display number served (port 6000+N, default 0)\n"
    "  --allow CIDR              allowed client subnet, repeatable (default: the\n"
    "                            listening interface's subnet)\n"
    "  --upstream SPEC           the real X server: HOST:PORT, unix:PATH, :M\n"
    "  --upstream-auth FILE      Xauthority file with the upstream's cookie\n"
    "  --upstream-cookie-out F   make the upstream's cookie and write it to F (for\n"
    "                            Xming/VcXsrv -auth F)\n"
    "  --state-dir DIR           where the handoff goes (host.ini, cookie)\n"
    "  --firewall BACKEND        nftables|windows|none: keep the X port's rule on\n"
    "                            the current subnet (default none)\n"
    "  --max-clients N           default 256\n"
    "  --setup-timeout SECONDS   default 10\n"
    "  --log FILE                log here instead of stderr\n"
    "  --config FILE             read these settings from an INI file ([host])\n"
    "  -v, --verbose             log every connection\n"
    "\n"
    "exit status: 0 after SIGTERM, SIGINT or SIGHUP, 1 when it cannot start, 2 usage error\n";

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"listen", required_argument, NULL, 0},
	    {"interface", required_argument, NULL, 0},
	    {"display", required_argument, NULL, 0},
	    {"allow", required_argument, NULL, 0},
	    {"upstream", required_argument, NULL, 0},
	    {"upstream-auth", required_argument, NULL, 0},
	    {"upstream-cookie-out", required_argument, NULL, 0},
	    {"state-dir", required_argument, NULL, 0},
	    {"firewall", required_argument, NULL, 0},
	    {"max-clients", required_argument, NULL, 0},
	    {"setup-timeout", required_argument, NULL, 0},
	    {"log", required_argument, NULL, 0},
	    {"config", required_argument, NULL, 'c'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	struct hostopts o;
	char why[600];
	int c, idx;

	if (platform_utf8_args(&argc, &argv)) {
		fputs("wslx-host: cannot read the command line: out of memory\n", stderr);
		return 1;
	}
	hostopts_defaults(&o);
	while ((c = getopt_long(argc, argv, "c:vh", longopts, &idx)) != -1) {
		switch (c) {
		case 0:
			if (hostopts_set(&o, longopts[idx].name, optarg, why,
			                 sizeof(why)))
				goto bad;
			break;
		case 'c':
			if (hostopts_load(&o, optarg, why, sizeof(why)))
				goto bad;
			break;
		case 'v':
			o.verbose = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		case 'V':
			puts("wslx-host 0.1");
			return 0;
		default:
			fputs("wslx-host: try wslx-host --help\n", stderr);
			return 2;
		}
	}
	if (optind < argc) {
		snprintf(why, sizeof(why), "unexpected argument '%s'", argv[optind]);
		goto bad;
	}
	if (hostopts_check(&o, why, sizeof(why)))
		goto bad;
	if (log_open(o.log[0] ? o.log : NULL)) {
		fprintf(stderr, "wslx-host: cannot open log %s\n", o.log);
		return 1;
	}
	log_verbose(o.verbose);
	c = hostcore_run(&o);
	log_close();
	platform_stop_done(); /* a console close waits for the handoff's removal */
	return c;
bad:
	fprintf(stderr, "wslx-host: %s\n", why);
	return 2;
}
