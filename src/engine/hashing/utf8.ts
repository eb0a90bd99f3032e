/** Reused UTF-8 buffer for the hash; grows to the longest key seen. */
export let utf8Buffer = new Uint8Array(256);

/**
 * Writes the UTF-8 bytes of `s` into `utf8Buffer` (which it may replace, so read the binding after
 * the call) and returns their count. Lone surrogates become U+FFFD, as `TextEncoder` does, so the
 * bytes always equal `Buffer.from(s, 'utf8')`.
 */
export function utf8(s: string): number {
  if (s.length * 3 > utf8Buffer.length) utf8Buffer = new Uint8Array(Math.max(s.length * 3, utf8Buffer.length * 2));
  const b = utf8Buffer;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      b[n++] = c;
    } else if (c < 0x800) {
      b[n++] = 0xc0 | (c >> 6);
      b[n++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          i++;
          b[n++] = 0xf0 | (c >> 18);
          b[n++] = 0x80 | ((c >> 12) & 0x3f);
          b[n++] = 0x80 | ((c >> 6) & 0x3f);
          b[n++] = 0x80 | (c & 0x3f);
          continue;
        }
        c = 0xfffd;
      }
      b[n++] = 0xe0 | (c >> 12);
      b[n++] = 0x80 | ((c >> 6) & 0x3f);
      b[n++] = 0x80 | (c & 0x3f);
    }
  }
  return n;
}
