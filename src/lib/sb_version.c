/* sb_version: lets a program check which library it actually loaded. */
#include <sendbundle/version.h>

const char *sb_version(void)
{
	return SB_VERSION;
}
