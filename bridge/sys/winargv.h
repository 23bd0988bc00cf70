#ifndef WSLX_WINARGV_H
#define WSLX_WINARGV_H

/*
 * winargv_split(line, argc, argv):
 * Split a Windows command line (as UTF-8) into arguments by the rules of
 * CommandLineToArgvW: the program name ends at its closing quote or the first
 * blank; then blanks separate arguments outside quotes, 2n backslashes before
 * a quote are n backslashes and the quote opens or closes, 2n+1 are n and a
 * literal quote, other backslashes are literal.  Ours, so that wslx-host needs
 * no shell32.dll: a console program that loads user32.dll (shell32 does) gets
 * no logoff or shutdown event.  One allocation (free *${argv}); 0, or -1 when
 * out of memory.
 */
int winargv_split(const char *line, int *argc, char ***argv);

#endif
