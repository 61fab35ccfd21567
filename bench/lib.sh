# Helpers shared by the bench scripts (source it after setting WORK, BIN, DB).

# report LINE: prints LINE and appends it to $RESULTS.
report() { echo "$*" | tee -a "$RESULTS"; }

# timed LABEL ARGS...: runs `$BIN --db $DB ARGS`, reports its wall time, its
# peak RSS and the last match of $TIMED_FIELDS (a grep -o pattern) in its log,
# the label padded to $TIMED_WIDTH; leaves the wall time in $wall.
timed() {
  local label=$1
  shift
  /usr/bin/time -f '%e %M' -o "$WORK/time" "$BIN" --db "$DB" "$@" 2> "$WORK/cmd.log" ||
    { cat "$WORK/cmd.log" >&2; exit 1; }
  read -r wall rss < "$WORK/time"
  report "$(printf "%-${TIMED_WIDTH:-14}s wall=%6ss rss=%4dMB  %s" "$label" "$wall" $((rss / 1024)) \
    "$(grep -o "$TIMED_FIELDS" "$WORK/cmd.log" | tail -1)")"
}

# stat_ticks STAT_FILE: "<name> <ticks>" of a /proc/<pid>[/task/<tid>]/stat
# file: the process or thread name and its CPU ticks (user + system,
# getconf CLK_TCK a second); nothing when it is gone.
stat_ticks() {
  local fields
  fields=$(sed -E 's/^[0-9]+ \(([^)]*)\) /\1 /' "$1" 2>/dev/null) || return 0
  read -r -a a <<<"$fields"
  echo "${a[0]} $((a[12] + a[13]))"
}

# cpu_ticks PID: CPU ticks of a process and its children (nginx's worker).
# Unlike req/s, CPU time per request does not depend on how much of a core
# the VM gave the process.
cpu_ticks() {
  local total=0 pid name ticks
  for pid in $1 $(pgrep -P "$1" || true); do
    read -r name ticks < <(stat_ticks "/proc/$pid/stat") || continue
    total=$((total + ticks))
  done
  echo "$total"
}

# rotating_lua PATHS_FILE OUT: a wrk script that requests the paths of
# PATHS_FILE (one a line) in turn.
rotating_lua() {
  cat > "$2" <<LUA
local paths = {}
for line in io.lines("$1") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA
}
