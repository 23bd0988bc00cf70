#include "nft.h"

#include <nftables/libnftables.h>
#include <stdio.h>
#include <string.h>

void
nft_script(const struct fw_rule *rules, unsigned n, struct textbuf *out)
{
	char from[SUBNET_STRLEN + 1];

	/* Create-then-delete makes the delete safe when the table does not exist yet. */
	textbuf_printf(out, "table %s\ndelete table %s\n", NFT_TABLE, NFT_TABLE);
	textbuf_printf(out, "table %s {\n\tchain input {\n"
			    "\t\ttype filter hook input priority -10; policy accept;\n",
		       NFT_TABLE);
	for (unsigned i = 0; i < n; i++) {
		subnet_format(&rules[i].from, from, sizeof(from));
		if (rules[i].iface[0])
			textbuf_printf(out, "\t\tiifname \"%s\" ", rules[i].iface);
		else
			textbuf_printf(out, "\t\t");
		textbuf_printf(out, "ip saddr %s tcp dport %u accept\n", from, rules[i].port);
		textbuf_printf(out, "\t\ttcp dport %u drop\n", rules[i].port);
	}
	textbuf_printf(out, "\t}\n}\n");
}

void
nft_remove_script(struct textbuf *out)
{
	textbuf_printf(out, "table %s\ndelete table %s\n", NFT_TABLE, NFT_TABLE);
}

int
nft_run(const char *script, char *out, size_t outlen, char *why, size_t whylen)
{
	struct nft_ctx *ctx = nft_ctx_new(NFT_CTX_DEFAULT);
	const char *err;
	int r;

	if (!ctx) {
		snprintf(why, whylen, "cannot start libnftables");
		return -1;
	}
	nft_ctx_buffer_output(ctx);
	nft_ctx_buffer_error(ctx);
	r = nft_run_cmd_from_buffer(ctx, script);
	if (r != 0) {
		err = nft_ctx_get_error_buffer(ctx);
		snprintf(why, whylen, "%.*s", (int)strcspn(err ? err : "failed", "\n"),
			 err && *err ? err : "failed (are you root?)");
	} else if (out) {
		snprintf(out, outlen, "%s", nft_ctx_get_output_buffer(ctx));
	}
	nft_ctx_free(ctx);
	return r == 0 ? 0 : -1;
}
