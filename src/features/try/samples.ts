/**
 * The text of /try's samples: a client-credentials token from the portal, then one sandbox call.
 * Pure, so that a test runs exactly what the page shows (tests/unit/try-samples-run.test.ts runs
 * each with the real curl, node and python3 against a portal on a real port). The only thing a
 * reader fills in is the client secret, read from the CLIENT_SECRET environment variable: a
 * secret never appears in a page. Each sample fails loudly on a refused call (curl's
 * --fail-with-body, a thrown error), so a copied sample never looks like it worked when it did not.
 */
export interface SampleInput {
  /** The portal's origin, as the reader's browser sees it (`https://developer.example.com`). */
  origin: string;
  /** The reader's app's client id, or a placeholder when they have none. */
  clientId: string;
  slug: string;
  /** The path after `/sandbox/<slug>` (`sampleCallPath`). */
  call: string;
}

export const CLIENT_ID_PLACEHOLDER = 'YOUR_CLIENT_ID';

export function curlSample({ origin, clientId, slug, call }: SampleInput): string {
  return `# 1. A token (OAuth2 client credentials); your client secret in CLIENT_SECRET
TOKEN=$(curl -sS --fail-with-body -u "${clientId}:$CLIENT_SECRET" \\
  -d grant_type=client_credentials -d scope=${slug}:sandbox \\
  ${origin}/oauth/token | jq -r .access_token)

# 2. A sandbox call
curl -sS --fail-with-body -H "Authorization: Bearer $TOKEN" ${origin}/sandbox/${slug}${call}`;
}

export function nodeSample({ origin, clientId, slug, call }: SampleInput): string {
  return `// Node 20+ (save as try.mjs), no dependency; your client secret in CLIENT_SECRET
const auth = Buffer.from('${clientId}:' + process.env.CLIENT_SECRET).toString('base64');
const tokenResponse = await fetch('${origin}/oauth/token', {
  method: 'POST',
  headers: { Authorization: \`Basic \${auth}\`, 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ grant_type: 'client_credentials', scope: '${slug}:sandbox' }),
});
if (!tokenResponse.ok) throw new Error(\`token: \${tokenResponse.status} \${await tokenResponse.text()}\`);
const { access_token } = await tokenResponse.json();

const response = await fetch('${origin}/sandbox/${slug}${call}', { headers: { Authorization: \`Bearer \${access_token}\` } });
console.log(response.status, await response.json());`;
}

export function pythonSample({ origin, clientId, slug, call }: SampleInput): string {
  return `# Python 3, standard library only; your client secret in CLIENT_SECRET
import base64, json, os, urllib.parse, urllib.request

auth = base64.b64encode(f"${clientId}:{os.environ['CLIENT_SECRET']}".encode()).decode()
form = urllib.parse.urlencode({"grant_type": "client_credentials", "scope": "${slug}:sandbox"}).encode()
token_request = urllib.request.Request("${origin}/oauth/token", data=form, headers={"Authorization": f"Basic {auth}"})
with urllib.request.urlopen(token_request) as token_response:  # raises HTTPError on a refusal
    access_token = json.load(token_response)["access_token"]

call = urllib.request.Request("${origin}/sandbox/${slug}${call}", headers={"Authorization": f"Bearer {access_token}"})
with urllib.request.urlopen(call) as response:
    print(response.status, json.load(response))`;
}
