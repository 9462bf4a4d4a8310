/**
 * Test support for ffmpeg as an RTP/SRTP sender. Given an `rtp://` or `srtp://` output, ffmpeg binds an
 * ephemeral local port for RTP and then the port one above it for RTCP; when another process holds that
 * second port (tests run in parallel and bind ephemeral ports all the time), ffmpeg exits with
 * "bind failed" before it has sent a single datagram. Such a run says nothing about interop, so it is
 * repeated: ffmpeg's next ephemeral port is a different one.
 */

/** How an ffmpeg run ended. */
export interface FfmpegExit {
  readonly code: number | null;
  readonly stderr: string;
}

/** True when ffmpeg failed because a port it wanted to bind was taken. */
export function lostPortRace(exit: FfmpegExit): boolean {
  return exit.code !== 0 && /bind failed/i.test(exit.stderr);
}

/**
 * Runs `send` (one ffmpeg sender run) and runs it again, up to `attempts` times in all, while it lost the
 * port race and `nothingArrived()` says no datagram of it was received (so a retry loses nothing).
 * @returns the last run's exit; the caller asserts on it as usual.
 */
export async function retryOnPortRace<T extends FfmpegExit>(send: () => Promise<T>, nothingArrived: () => boolean = () => true, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const exit = await send();
    if (attempt >= attempts || !lostPortRace(exit) || !nothingArrived()) {
      return exit;
    }
  }
}
