#!/bin/sh
# Regenerate docs/reltrack.1 from the help texts (run from the repository root, with reltrack
# installed: pip install -e .; help2man: apt-get install help2man).
#   sh docs/make-man.sh && man -l docs/reltrack.1
# An argument writes the page elsewhere (tests/e2e/test_man_page.py compares it with the shipped one).
set -eu
out=${1:-docs/reltrack.1}
export COLUMNS=80  # help is wrapped to the terminal: the same page wherever it is made
include=$(mktemp)
trap 'rm -f "$include"' EXIT
{
    printf '[COMMANDS]\n'
    commands() {  # every command, then every report: "report trust" and so on
        reltrack --help | sed -n '/^Commands:/,/^$/p' | sed '1d;/^$/d' | awk '{print $1}'
        reltrack report --help | sed -n '/^Commands:/,/^$/p' | sed '1d;/^$/d' | awk '{print "report " $1}'
    }
    commands | while read -r command; do
        printf '.SS "reltrack %s"\n.nf\n' "$command"
        # shellcheck disable=SC2086  (report trust is two words)
        reltrack $command --help | sed 's/\\/\\e/g; s/-/\\-/g; s/^\./\\\&./; s/^'"'"'/\\\&'"'"'/'
        printf '.fi\n'
    done
    printf '[FILES]\nData: reltrack.db in the user data folder (see reltrack info); config: config.toml in the\nuser config folder. RELTRACK_DB, --db and RELTRACK_CONFIG override them.\n'
    printf '[SEE ALSO]\nThe guides in docs/ of the source: commands.md, dates.md, formats.md, configuration.md.\n'
} > "$include"
help2man --no-info --locale C.UTF-8 --name "keep your working relationships warm" --section 1 --include "$include" \
    --output "$out" reltrack
# help2man fills the root's examples as one paragraph: keep them one a line
sed -i '/^\.SH EXAMPLES$/{n;s/^\.IP$/.nf/};/^\.SH "SEE ALSO"$/i .fi' "$out"
