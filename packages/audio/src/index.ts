/**
 * @voip/audio: what turns RTP packets into a conversation (codecs, resampling, jitter buffer, paced
 * sender). Platform-neutral, no runtime dependencies.
 * @module
 */
export { AUDIO_PACKAGE_VERSION } from './version.js';
export type { AudioCodec, AudioEncoder, AudioDecoder } from './audio-codec.js';
export { AudioError, isAudioError } from './errors.js';
export type { AudioErrorCode } from './errors.js';
export { PCMU, PCMA, createG711Codec } from './codecs/g711.js';
export type { G711DecisionLevels, G711Options } from './codecs/g711.js';
export { G722 } from './codecs/g722.js';
export { ComfortNoisePayload, COMFORT_NOISE_PAYLOAD_TYPE } from './codecs/comfort-noise.js';
export type { ComfortNoise, ComfortNoiseFormat } from './codecs/comfort-noise.js';
export { l16 } from './codecs/l16.js';
export { encodeWav, encodeWavHeader, decodeWav } from './wav.js';
export type { WavAudio } from './wav.js';
export { Resampler } from './resampler.js';
export type { ResamplerOptions, ResamplerQuality, ResamplerRate } from './resampler.js';
export { JitterBuffer } from './jitter-buffer.js';
export type { JitterPacket, JitterBufferOptions, JitterBufferStats, JitterConcealment, JitterFrame, JitterFrameKind } from './jitter-buffer.js';
export { PacedSender } from './paced-sender.js';
export type { PacedComfortNoise, PacedFrame, PacedIdle, PacedSenderOptions, PacedSenderStats } from './paced-sender.js';
export { AudioCall, selectAudioCodec } from './audio-call.js';
export { MediaTimeout } from './media-timeout.js';
export type { MediaTimeoutOptions } from './media-timeout.js';
export type { AudioCallOptions, AudioCallRtp, AudioCallMedia, AudioCallPacket, AudioCallCodecChoice, AudioCallStats } from './audio-call.js';
export type { AudioCallTap, AudioCallSentFrame } from './audio-call-tap.js';
export { CallRecorder } from './call-recorder.js';
export type { CallRecorderOptions, CallRecorderSource } from './call-recorder.js';
export { captureRtp } from './srtp-capture.js';
export type { CaptureContexts, CaptureReceiveContext, CaptureSendContext, CaptureUnprotectIntoResult, CaptureUnprotectResult, RecordedRtpPacket } from './srtp-capture.js';
export { MediaScheduler } from './media-scheduler.js';
export type { MediaSchedulerOptions, MediaTask } from './media-scheduler.js';
