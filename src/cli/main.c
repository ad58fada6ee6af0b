/*
 * sendbundle: the command table. Each command lives in cmd_<name>.c with its
 * help text beside its parser; this file only dispatches.
 */
#include "cli.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct sb_cmd *const commands[] = {
	&cmd_deadline,
	&cmd_timescales,
	&cmd_workdays,
	&cmd_scan,
	&cmd_init,
	&cmd_build,
	&cmd_letter,
	&cmd_fetch,
	&cmd_check,
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void print_main_help(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: sendbundle <command> [options]\n"
		   "       sendbundle --help | --version\n"
		   "\n"
		   "Helps families in England appeal to the SEND Tribunal.\n"
		   "\n"
		   "Commands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-12s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(f, "\n"
		   "Run 'sendbundle <command> --help' (or 'sendbundle help <command>') for a\n"
		   "command's options.\n"
		   "\n"
		   "Exit codes:\n"
		   "  0  done\n"
		   "  1  error: something could not be read, written or worked out\n"
		   "  2  usage: unknown command or option, or an invalid value such as an\n"
		   "     impossible date\n"
		   "  3  no safe answer: e.g. no bank-holiday data, or a claim these rules\n"
		   "     do not cover\n"
		   "  4  done, but some files could not be read (scan lists them)\n"
		   "\n"
		   "Machine output (--json, where a command has it) goes to stdout; messages\n"
		   "go to stderr.\n"
		   "This is not legal advice.\n");
}

/*
 * Tesseract (OCR, issue 7) is built with OpenMP, and each engine would start
 * threads of its own on top of ours, one engine per core: the machine then
 * spends its time switching (a five-page scan took over twice as long).
 * Tesseract's advice is OMP_THREAD_LIMIT=1 when running engines in
 * parallel; the OpenMP runtime reads it only as the program loads, so the
 * commands that may run OCR start again with it set. If that fails the
 * command still runs, only slower.
 */
static void limit_openmp(char **argv)
{
	if (getenv("OMP_THREAD_LIMIT") != NULL)
		return;
	if (setenv("OMP_THREAD_LIMIT", "1", 1) != 0)
		return;
	execv("/proc/self/exe", argv);
}

static bool may_ocr(const char *command)
{
	return strcmp(command, "scan") == 0 || strcmp(command, "check") == 0 ||
	       strcmp(command, "build") == 0 || strcmp(command, "init") == 0 ||
	       strcmp(command, "letter") == 0;
}

/*
 * Output that was lost (a full disk, a closed pipe) must not end as a
 * success: a table or JSON cut short is worse than none. stdio remembers a
 * failed write (ferror) even when the buffer was flushed long before the
 * end, so the last fflush alone could miss it. A command that already
 * failed has said why; this speaks only for one that thought it succeeded.
 */
static int finish(int status)
{
	bool flush_failed = fflush(stdout) != 0;
	int e = errno;

	if ((flush_failed || ferror(stdout)) && status == EXIT_OK) {
		fprintf(stderr, "sendbundle: cannot write the output%s%s\n"
				"  hint: check that the disk is not full, or write to a file "
				"with '> FILE'\n",
			flush_failed ? ": " : "", flush_failed ? strerror(e) : "");
		return EXIT_ERROR;
	}
	return status;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		print_main_help(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		if (argc > 2 && strcmp(argv[1], "help") == 0) {
			for (i = 0; i < NCOMMANDS; i++) {
				if (strcmp(argv[2], commands[i]->name) == 0) {
					cli_print_help(commands[i]);
					return EXIT_OK;
				}
			}
		}
		print_main_help(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("sendbundle %s\n", sb_version());
		return EXIT_OK;
	}
	if (may_ocr(argv[1]))
		limit_openmp(argv);
	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(argv[1], commands[i]->name) == 0)
			return finish(commands[i]->run(argc - 1, argv + 1));
	fprintf(stderr, "sendbundle: unknown command '%s'\n"
			"  hint: run 'sendbundle --help' to see the commands\n",
		argv[1]);
	return EXIT_USAGE;
}
