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

/** The token step alone (the API explorer's "Get a token"): a null client id is read from CLIENT_ID. */
interface TokenInput {
  /** The token endpoint, absolute (the server's RFC 8414 metadata). */
  tokenUrl: string;
  clientId: string | null;
  slug: string;
}

/** Sets TOKEN; fails (pipefail) on a refusal. */
function curlToken({ tokenUrl, clientId, slug }: TokenInput): string {
  return `TOKEN=$(curl -sS --fail-with-body -u "${clientId ?? '$CLIENT_ID'}:$CLIENT_SECRET" \\
  -d grant_type=client_credentials -d scope=${slug}:sandbox \\
  ${tokenUrl} | jq -r .access_token)`;
}

/** Sets access_token (an ES module: top-level await); throws on a refusal. */
function nodeToken({ tokenUrl, clientId, slug }: TokenInput): string {
  const credentials = clientId === null ? "process.env.CLIENT_ID + ':' + process.env.CLIENT_SECRET" : `'${clientId}:' + process.env.CLIENT_SECRET`;
  return `const auth = Buffer.from(${credentials}).toString('base64');
const tokenResponse = await fetch('${tokenUrl}', {
  method: 'POST',
  headers: { Authorization: \`Basic \${auth}\`, 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ grant_type: 'client_credentials', scope: '${slug}:sandbox' }),
});
if (!tokenResponse.ok) throw new Error(\`token: \${tokenResponse.status} \${await tokenResponse.text()}\`);
const { access_token } = await tokenResponse.json();`;
}

/** Sets access_token, after the import line; raises on a refusal. */
function pythonToken({ tokenUrl, clientId, slug }: TokenInput): string {
  const user = clientId === null ? "{os.environ['CLIENT_ID']}" : clientId;
  return `auth = base64.b64encode(f"${user}:{os.environ['CLIENT_SECRET']}".encode()).decode()
form = urllib.parse.urlencode({"grant_type": "client_credentials", "scope": "${slug}:sandbox"}).encode()
token_request = urllib.request.Request("${tokenUrl}", data=form, headers={"Authorization": f"Basic {auth}"})
with urllib.request.urlopen(token_request) as token_response:  # raises HTTPError on a refusal
    access_token = json.load(token_response)["access_token"]`;
}

const PYTHON_IMPORTS = 'import base64, json, os, urllib.parse, urllib.request';

export function curlSample({ origin, clientId, slug, call }: SampleInput): string {
  return `# 1. A token (OAuth2 client credentials); your client secret in CLIENT_SECRET
${curlToken({ tokenUrl: `${origin}/oauth/token`, clientId, slug })}

# 2. A sandbox call
curl -sS --fail-with-body -H "Authorization: Bearer $TOKEN" ${origin}/sandbox/${slug}${call}`;
}

export function nodeSample({ origin, clientId, slug, call }: SampleInput): string {
  return `// Node 20+ (save as try.mjs), no dependency; your client secret in CLIENT_SECRET
${nodeToken({ tokenUrl: `${origin}/oauth/token`, clientId, slug })}

const response = await fetch('${origin}/sandbox/${slug}${call}', { headers: { Authorization: \`Bearer \${access_token}\` } });
console.log(response.status, await response.json());`;
}

export function pythonSample({ origin, clientId, slug, call }: SampleInput): string {
  return `# Python 3, standard library only; your client secret in CLIENT_SECRET
${PYTHON_IMPORTS}

${pythonToken({ tokenUrl: `${origin}/oauth/token`, clientId, slug })}

call = urllib.request.Request("${origin}/sandbox/${slug}${call}", headers={"Authorization": f"Bearer {access_token}"})
with urllib.request.urlopen(call) as response:
    print(response.status, json.load(response))`;
}

interface TokenSnippet {
  label: string;
  /** Prism's name for it. */
  language: 'bash' | 'js' | 'python';
  code: string;
}

/**
 * The explorer's "Get a token", curl first: each prints the token to paste into the explorer's
 * Authorization field (or to send as `Authorization: Bearer …` from the samples below it).
 */
export function explorerTokenSnippets(input: TokenInput): TokenSnippet[] {
  const where = input.clientId === null ? 'your client id in CLIENT_ID, your client secret in CLIENT_SECRET' : 'your client secret in CLIENT_SECRET';
  return [
    { label: 'curl', language: 'bash', code: `# A sandbox token (OAuth2 client credentials); ${where}\n${curlToken(input)}\necho "$TOKEN"` },
    { label: 'Node.js', language: 'js', code: `// Node 20+ (save as token.mjs); ${where}\n${nodeToken(input)}\nconsole.log(access_token);` },
    { label: 'Python', language: 'python', code: `# Python 3; ${where}\n${PYTHON_IMPORTS}\n\n${pythonToken(input)}\nprint(access_token)` },
  ];
}
