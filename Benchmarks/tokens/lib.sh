# Shared by run.sh and cost.sh: start `leash serve` on a temporary data directory and seed one
# API, one identity, one client secret and one grant through the admin API. Sourced, not run.
# Sets: work, port, base, server_pid, LEASH_BENCH_AUTH, LEASH_BENCH_BODY (exported).

start_seeded_server() { # LEASH_BIN
    work="$(mktemp -d "${TMPDIR:-/tmp}/leash-bench.XXXXXX")"
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    base="http://127.0.0.1:${port}"
    "$1" serve --listen "127.0.0.1:${port}" --data-dir "$work/data" >"$work/server.out" 2>"$work/server.err" </dev/null &
    server_pid=$!
    trap stop_server EXIT

    for _ in $(seq 1 300); do
        curl -fsS "$base/readyz" >/dev/null 2>&1 && break
        kill -0 "$server_pid" 2>/dev/null || { echo "server exited" >&2; cat "$work/server.err" >&2; exit 1; }
        sleep 0.1
    done
    local admin_secret
    admin_secret="$(grep -o 'leash_adm_[A-Za-z0-9]*' "$work/server.out" | head -n 1)"
    [ -n "$admin_secret" ] || { echo "no bootstrap admin secret printed" >&2; exit 1; }

    admin() { # METHOD PATH JSON -> response body
        curl -fsS -X "$1" "$base$2" -H "Authorization: Bearer $admin_secret" \
            -H 'Content-Type: application/json' --data "$3"
    }
    local audience="https://bench.example.test" secret
    admin POST /v1/apis "{\"name\":\"bench\",\"audience\":\"$audience\",\"owner\":\"bench\",\"sensitivity\":\"internal\"}" >/dev/null
    admin POST /v1/identities '{"id":"svc-bench","kind":"service","name":"svc-bench","owner":"bench","purpose":"benchmark client"}' >/dev/null
    secret="$(admin POST /v1/identities/svc-bench/credentials '{"type":"client_secret"}' |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')"
    admin POST /v1/grants '{"identityId":"svc-bench","api":"bench","scope":"invoices:read"}' >/dev/null

    export LEASH_BENCH_AUTH="Basic $(printf '%s:%s' svc-bench "$secret" | base64 -w0)"
    export LEASH_BENCH_BODY="grant_type=client_credentials&scope=invoices%3Aread&resource=$(python3 -c "import urllib.parse; print(urllib.parse.quote('$audience', safe=''))")"

    # One token by hand first: a benchmark of refusals would be worthless.
    local status
    status="$(curl -sS -o "$work/one.json" -w '%{http_code}' -X POST "$base/oauth/token" \
        -H "Authorization: $LEASH_BENCH_AUTH" -H 'Content-Type: application/x-www-form-urlencoded' --data "$LEASH_BENCH_BODY")"
    [ "$status" = 200 ] || { echo "token request answered $status: $(cat "$work/one.json")" >&2; exit 1; }
}

stop_server() {
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
