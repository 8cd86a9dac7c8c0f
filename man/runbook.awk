# The README's upgrade runbook (between the `<!-- runbook -->` markers) as roff, for
# help2man's include file: the man page and the README say the same.
#   awk -f man/runbook.awk README.md
BEGIN { print "[UPGRADE RUNBOOK]" }
/^<!-- \/runbook -->/ { inside = 0 }
inside {
  line = $0
  gsub(/\\/, "\\e", line)
  if (line ~ /^```/) {
    if (code) { print ".fi"; print ".RE"; code = 0 } else { print ".RS 4"; print ".nf"; code = 1 }
    next
  }
  if (line ~ /^[.'[]/) line = "\\&" line  # roff requests, help2man sections
  if (code) { print line; next }
  gsub(/`/, "", line); gsub(/\*\*/, "", line)
  if (line ~ /^#+ /) { sub(/^#+ +/, "", line); print ".SS \"" line "\""; next }
  if (line ~ /^([0-9]+\.|-) /) {
    mark = line; sub(/ .*/, "", mark); sub(/^[^ ]+ +/, "", line)
    print ".IP \"" mark "\" 4"; print line; next
  }
  if (line ~ /^ *$/) { print ".PP"; next }
  sub(/^ +/, "", line)
  print line
}
/^<!-- runbook -->/ { inside = 1; found = 1 }
END { if (!found) { print "runbook.awk: no <!-- runbook --> section" > "/dev/stderr"; exit 1 } }
