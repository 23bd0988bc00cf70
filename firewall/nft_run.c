#include "nft.h"

#include <nftables/libnftables.h>
#include <stdio.h>
#include <string.h>

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
