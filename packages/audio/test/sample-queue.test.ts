import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SampleQueue } from '../src/sample-queue.js';

describe('SampleQueue (the paced sender\'s ring buffer of samples)', () => {
  it('gives back exactly what went in, in order, across wrap-around and growth (against a plain array)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ push: fc.integer({ min: 0, max: 700 }) }), fc.record({ take: fc.integer({ min: 0, max: 500 }) })), { maxLength: 60 }),
        (ops) => {
          const q = new SampleQueue(16);
          const model: number[] = [];
          let next = 0;
          for (const op of ops) {
            if ('push' in op) {
              const pcm = Int16Array.from({ length: op.push }, () => (next++ % 65536) - 32768);
              q.push(pcm);
              model.push(...pcm);
              pcm.fill(7); // the queue holds a copy: the caller may reuse its buffer
            } else {
              const out = new Int16Array(op.take + 3).fill(-1);
              const n = q.takeInto(out, 3);
              expect(n).toBe(Math.min(op.take, model.length));
              expect([...out.subarray(3, 3 + n)]).toEqual(model.splice(0, n));
              expect([...out.subarray(0, 3)]).toEqual([-1, -1, -1]);
            }
            expect(q.length).toBe(model.length);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('clear drops everything; the queue goes on working', () => {
    const q = new SampleQueue(16);
    q.push(Int16Array.from({ length: 40 }, (_, i) => i));
    q.clear();
    expect(q.length).toBe(0);
    q.push(Int16Array.of(5, 6));
    const out = new Int16Array(4);
    expect(q.takeInto(out)).toBe(2);
    expect([...out]).toEqual([5, 6, 0, 0]);
  });
});
