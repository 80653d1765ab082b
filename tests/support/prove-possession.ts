import { execFileSync } from 'node:child_process';
import type { TestClient } from './test-portal.ts';

/**
 * What a consumer does on the certificate page: `openssl dgst -sha256 -sign client.key` over
 * the challenge the portal shows, base64, pasted back. The real openssl, not our code, signs.
 */
export function signChallenge(keyFile: string, challenge: string): string {
  return execFileSync('openssl', ['dgst', '-sha256', '-sign', keyFile], { input: challenge }).toString('base64');
}

export async function possessionOf(
  client: TestClient,
  certificateId: string,
): Promise<{ proved: boolean; provedAt: number | null; method: string | null; challenge: string | null; mtlsUrl: string | null; handshakePath: string }> {
  const response = await client.request(`/api/certificates/${certificateId}`);
  if (response.status !== 200) throw new Error(`GET certificate ${certificateId}: ${response.status} ${await response.text()}`);
  return (await response.json()).possession;
}

/** Proves possession of a certificate's private key by signing its challenge, as the page explains. */
export async function provePossession(client: TestClient, certificateId: string, keyFile: string): Promise<void> {
  const { challenge } = await possessionOf(client, certificateId);
  const response = await client.request(`/api/certificates/${certificateId}/possession`, { json: { signature: signChallenge(keyFile, challenge ?? '') } });
  if (response.status !== 200) throw new Error(`proof of possession of ${certificateId}: ${response.status} ${await response.text()}`);
}
