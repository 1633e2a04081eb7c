#!/usr/bin/env bash
# With `npm start` running: make sure a citizen is enrolled, send her a legal notification as an
# authority, read it through a viewing client, and show the sender's status history (served on
# first open). She is enrolled by the enrollment service from the population register's events:
# the demo batch `npm start` puts into an empty feed directory, or a batch written here.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
OPERATIONS="${OPERATIONS:-http://127.0.0.1:8082}"
SENDER_API="${SENDER_API:-http://127.0.0.1:8081}"
GATEWAY="${GATEWAY:-http://127.0.0.1:8080}"
CPR="${CPR:-0101901234}"
REGISTERS="${DIGITAL_POST_REGISTER_FEED_DIR:-.data/registers}"
MESSAGE="$(node -p 'crypto.randomUUID()')"

token() {
  curl -sf -X POST "$OPERATIONS/dev/tokens" -H 'content-type: application/json' -d "$1" |
    node -pe 'JSON.parse(require("fs").readFileSync(0)).token'
}
json() { curl -sf -H 'content-type: application/json' "$@"; echo; }

AUTHORITY="$(token '{"kind":"authority-system","authorityId":"skat","systemId":"letters"}')"
CITIZEN="$(token "{\"kind\":\"citizen\",\"cpr\":\"$CPR\",\"clientId\":\"e-boks\"}")"
CLIENT="$(token '{"kind":"viewing-client","clientId":"e-boks"}')"

reachability() {
  curl -sf "$SENDER_API/v1/reachability/cpr/$CPR" -H "authorization: Bearer $AUTHORITY"
}
reach() { reachability | node -pe 'const r = JSON.parse(require("fs").readFileSync(0)); `${r.channel} ${r.reason}`'; }

echo "# is $CPR enrolled? the authority asks before sending"
if [[ "$(reach)" == "paper not_enrolled" ]] && ! grep -q "\"cpr\":\"$CPR\"" scripts/demo-registers.ndjson; then
  # Not in the demo batch: the population register reports her born, 30 years ago, in Denmark.
  batch="$(date -u +%Y%m%dT%H%M%S)-first-letter-$CPR"
  birth="$(node -p 'const d = new Date(); d.setUTCFullYear(d.getUTCFullYear() - 30); d.toISOString().slice(0, 10)')"
  mkdir -p "$REGISTERS"
  echo "{\"id\":\"$batch\",\"register\":\"population\",\"type\":\"born\",\"cpr\":\"$CPR\",\"birthDate\":\"$birth\"}" >"$REGISTERS/$batch.tmp"
  mv "$REGISTERS/$batch.tmp" "$REGISTERS/$batch.ndjson"
  echo "# (wrote register batch $REGISTERS/$batch.ndjson; the enrollment service reads it shortly)"
fi
# Until the enrollment service has read the feed; someone it does not enroll (resident in
# Greenland, exempt) stays on paper, and the letter below is printed instead.
for _ in $(seq 30); do [[ "$(reach)" == digital* ]] && break; sleep 1; done
reachability; echo
echo "# send a legal notification as the authority skat"
json -X POST "$SENDER_API/v1/messages" -H "authorization: Bearer $AUTHORITY" -d "{
  \"messageUUID\": \"$MESSAGE\", \"sender\": {\"authorityId\": \"skat\"},
  \"recipient\": {\"kind\": \"cpr\", \"id\": \"$CPR\"}, \"title\": \"Your annual tax statement\",
  \"legalNotification\": true,
  \"documents\": [{\"role\": \"main\", \"title\": \"Statement\", \"files\": [{
    \"name\": \"statement.txt\", \"mimeType\": \"text/plain\", \"content\": \"SGVsbG8sIEFubmEh\"}]}]}"
sleep 1
echo "# the citizen's inbox through e-Boks, then open the letter"
json "$GATEWAY/v1/mailboxes/cpr:$CPR/messages" -H "authorization: Bearer $CITIZEN" -H "x-client-token: $CLIENT"
json "$GATEWAY/v1/mailboxes/cpr:$CPR/messages/$MESSAGE" -H "authorization: Bearer $CITIZEN" -H "x-client-token: $CLIENT" >/dev/null
sleep 1
echo "# the sender's status history"
json "$SENDER_API/v1/messages/$MESSAGE" -H "authorization: Bearer $AUTHORITY"
