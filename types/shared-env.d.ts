// The two runtime globals src-shared uses that TypeScript declares only in lib.dom and
// @types/node, both of which tsconfig.shared.json keeps out so src-shared can reach neither
// the DOM nor Node. TextEncoder and TextDecoder are the WHATWG Encoding Standard
// (https://encoding.spec.whatwg.org/) and exist in every runtime src-shared runs in (Node,
// browsers, Electron). Included by tsconfig.shared.json only: the node and web configs get
// the full declarations from @types/node and lib.dom.
interface TextEncoder {
  encode(input?: string): Uint8Array;
}
declare var TextEncoder: { prototype: TextEncoder; new (): TextEncoder };

interface TextDecoderOptions {
  fatal?: boolean;
  ignoreBOM?: boolean;
}
interface TextDecoder {
  decode(input?: Uint8Array): string;
}
declare var TextDecoder: { prototype: TextDecoder; new (label?: string, options?: TextDecoderOptions): TextDecoder };
