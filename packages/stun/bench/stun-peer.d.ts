// The npm `stun` package (benchmark peer) ships no type declarations.
declare module 'stun';
