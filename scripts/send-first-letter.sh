#!/usr/bin/env bash
# With `npm start` running: enroll a citizen, send her a legal notification as an authority,
# read it through a viewing client, and show the sender's status history (served on first open).
set -euo pipefail
OPERATIONS="${OPERATIONS:-http://127.0.0.1:8082}"
SENDER_API="${SENDER_API:-http://127.0.0.1:8081}"
GATEWAY="${GATEWAY:-http://127.0.0.1:8080}"
CPR="${CPR:-0101901234}"
MESSAGE="$(node -p 'crypto.randomUUID()')"

token() {
  curl -sf -X POST "$OPERATIONS/dev/tokens" -H 'content-type: application/json' -d "$1" |
    node -pe 'JSON.parse(require("fs").readFileSync(0)).token'
}
json() { curl -sf -H 'content-type: application/json' "$@"; echo; }

OPERATOR="$(token '{"kind":"operator","operatorId":"ops-1"}')"
AUTHORITY="$(token '{"kind":"authority-system","authorityId":"skat","systemId":"letters"}')"
CITIZEN="$(token "{\"kind\":\"citizen\",\"cpr\":\"$CPR\"}")"
CLIENT="$(token '{"kind":"viewing-client","clientId":"e-boks"}')"

echo "# enroll $CPR (an operator; the enrollment service will take this over)"
json -X POST "$OPERATIONS/admin/enrollments" -H "authorization: Bearer $OPERATOR" -d \
  "{\"action\":\"enroll\",\"subject\":{\"kind\":\"cpr\",\"id\":\"$CPR\"},\"caseReference\":\"LOCAL-1\",\"cause\":\"reached_age_15\"}"
sleep 1
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
