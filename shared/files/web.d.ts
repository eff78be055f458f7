/**
 * The two encoding APIs every runtime we ship to has (Node, Chromium, Firefox). `shared/` is
 * compiled without DOM or Node types, so they are declared here, as narrowly as they are used.
 */
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
