import { describe, expect, it } from 'vitest';
import { lostPortRace, retryOnPortRace } from '../scripts/ffmpeg-port-race.js';

const bindFailed = { code: 1, stderr: '[udp @ 0x55] bind failed: Address already in use\nrtp://127.0.0.1:40000: Input/output error\n' };
const ok = { code: 0, stderr: '' };

describe('ffmpeg port race (test support)', () => {
  it('recognises only a failed run whose stderr says a bind failed', () => {
    expect(lostPortRace(bindFailed)).toBe(true);
    expect(lostPortRace({ code: 0, stderr: bindFailed.stderr })).toBe(false);
    expect(lostPortRace({ code: 1, stderr: 'Invalid data found when processing input' })).toBe(false);
    expect(lostPortRace({ code: null, stderr: '' })).toBe(false);
  });

  it('repeats a run that lost the race, and stops at the first that did not', async () => {
    const results = [bindFailed, bindFailed, ok];
    let runs = 0;
    const exit = await retryOnPortRace(() => Promise.resolve(results[runs++]!));
    expect(exit).toBe(ok);
    expect(runs).toBe(3);
  });

  it('returns the failure after the last attempt, and never repeats a run whose datagrams arrived', async () => {
    let runs = 0;
    expect(await retryOnPortRace(() => (runs++, Promise.resolve(bindFailed)), () => true, 2)).toBe(bindFailed);
    expect(runs).toBe(2);
    runs = 0;
    expect(await retryOnPortRace(() => (runs++, Promise.resolve(bindFailed)), () => false)).toBe(bindFailed);
    expect(runs).toBe(1);
  });

  it('does not repeat another failure', async () => {
    let runs = 0;
    const other = { code: 1, stderr: 'Unknown encoder' };
    expect(await retryOnPortRace(() => (runs++, Promise.resolve(other)))).toBe(other);
    expect(runs).toBe(1);
  });
});
