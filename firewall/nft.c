#include "nft.h"

#include <stdio.h>
#include <string.h>

void
nft_script(const struct fw_rule *rules, unsigned n, struct textbuf *out)
{
	char from[SUBNET_STRLEN + 1];

	/* Create-then-delete makes the delete safe when the table does not exist yet. */
	textbuf_printf(out, "table %s\ndelete table %s\n", NFT_TABLE, NFT_TABLE);
	textbuf_printf(out,
	               "table %s {\n\tchain input {\n"
	               "\t\ttype filter hook input priority -10; policy accept;\n",
	               NFT_TABLE);
	for (unsigned i = 0; i < n; i++) {
		subnet_format(&rules[i].from, from, sizeof(from));
		if (rules[i].iface[0])
			textbuf_printf(out, "\t\tiifname \"%s\" ", rules[i].iface);
		else
			textbuf_printf(out, "\t\t");
		textbuf_printf(out, "ip saddr %s tcp dport %u accept\n", from,
		               rules[i].port);
		textbuf_printf(out, "\t\ttcp dport %u drop\n", rules[i].port);
	}
	textbuf_printf(out, "\t}\n}\n");
}

void
nft_remove_script(struct textbuf *out)
{
	textbuf_printf(out, "table %s\ndelete table %s\n", NFT_TABLE, NFT_TABLE);
}
