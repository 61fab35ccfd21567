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
