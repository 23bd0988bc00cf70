#ifndef WSLX_NFT_H
#define WSLX_NFT_H

#include <stddef.h>

#include "rule.h"
#include "textbuf.h"

/*
 * The nftables backend: wslx's own table "inet wslx", never any other.  Applying
 * replaces the whole table in one transaction: from each rule's subnet its port is
 * accepted, from everywhere else (IPv6 included) dropped.
 */

#define NFT_TABLE "inet wslx"

/* nft_script(rules, n, out): the nft commands that make exactly ${rules} exist. */
void nft_script(const struct fw_rule *rules, unsigned n, struct textbuf *out);

/* nft_remove_script(out): the nft commands that remove wslx's table (if any). */
void nft_remove_script(struct textbuf *out);

/*
 * nft_run(script, out, outlen, why, whylen):
 * Run ${script} through libnftables in one transaction; its output (for "list")
 * into ${out} when non-NULL.  Returns 0, or -1 with libnftables' error in ${why}.
 */
int nft_run(const char *script, char *out, size_t outlen, char *why, size_t whylen);

#endif
