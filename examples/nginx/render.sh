#!/usr/bin/env sh
# Renders nginx.conf.template into DIR/nginx.conf and prints the command that runs it.
#   examples/nginx/render.sh DIR LISTEN LEASH UPSTREAM
#   examples/nginx/render.sh /tmp/gw 127.0.0.1:8080 127.0.0.1:8414 127.0.0.1:9000
set -eu
if [ "$#" -ne 4 ]; then
    echo "usage: $0 DIR LISTEN LEASH UPSTREAM   (addresses as HOST:PORT)" >&2
    exit 2
fi
dir="$1"
mkdir -p "$dir/temp"
sed -e "s|@LISTEN@|$2|g" -e "s|@LEASH@|$3|g" -e "s|@UPSTREAM@|$4|g" \
    "$(dirname "$0")/nginx.conf.template" >"$dir/nginx.conf"
dir="$(cd "$dir" && pwd)"
echo "nginx -p $dir -c $dir/nginx.conf -g 'daemon off;'"
