/**
 * Decodes an `Authorization: Basic …` header into OAuth2 client credentials. RFC 6749 §2.3.1 form-urlencodes the id
 * and secret before base64, which plain Basic decoders forget; undefined when the header is not usable Basic.
 */
export function basicClientCredentials(
  authorization: string | undefined,
): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(authorization?.trim() ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  try {
    const formDecode = (text: string) => decodeURIComponent(text.replaceAll('+', ' '));
    return {
      clientId: formDecode(decoded.slice(0, colon)),
      clientSecret: formDecode(decoded.slice(colon + 1)),
    };
  } catch {
    return undefined;
  }
}
