import { StringDecoder } from 'node:string_decoder';

/**
 * A body's UTF-8 bytes → its text, piece by piece, as a browser reads it: a byte-order mark is not part of the text.
 * The transfer and the worker that reads a large answer both decode with it, so they see the same text.
 */
export class BodyTextDecoder {
  // Node's decoder gives one-byte strings for ASCII text, which JSON.parse reads faster than TextDecoder's.
  private readonly decoder = new StringDecoder('utf8');
  private first = true;

  write(bytes: Uint8Array): string {
    let part = this.decoder.write(bytes);
    if (this.first && part) {
      if (part.charCodeAt(0) === 0xfeff) part = part.slice(1);
      this.first = false;
    }
    return part;
  }

  end(): string {
    return this.decoder.end();
  }
}
