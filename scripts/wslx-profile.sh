# wslx: set DISPLAY and the X cookie for Windows' X server (Xming, VcXsrv) in
# every new shell.  Installed to $PREFIX/share/wslx/wslx-profile.sh.
#
# bash, zsh, dash, ksh: add to ~/.bashrc, ~/.zshrc or ~/.profile:
#     . /usr/local/share/wslx/wslx-profile.sh
# fish (~/.config/fish/config.fish):
#     command -q wslx; and wslx env --shell fish | source
# csh/tcsh (~/.cshrc):
#     if ( -X wslx ) eval "`wslx env --shell tcsh`"
#
# On failure wslx env prints nothing to evaluate and one line on stderr, so a
# broken setup never breaks the shell.
if command -v wslx >/dev/null 2>&1; then
	eval "$(wslx env --shell sh)"
fi
