/**
 * @voip/audio: what turns RTP packets into a conversation (codecs, resampling, jitter buffer, paced
 * sender, AudioCall). Platform-neutral, no runtime dependencies.
 * @module
 */
export { AUDIO_PACKAGE_VERSION } from './version.js';
export type { AudioCodec, AudioEncoder, AudioDecoder } from './audio-codec.js';
