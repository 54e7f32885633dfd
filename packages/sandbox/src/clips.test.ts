import { ALL_FORMATS, BufferSource, EncodedPacketSink, Input } from 'mediabunny';
import { describe, expect, it } from 'vitest';
import { CLIP_DURATION_MS, demoVideoClip, demoVoiceClip } from './clips';

// The clips are hand-written (see clips.ts for why); a real demuxer must read them as what they claim.
function open(bytes: Buffer) {
  return new Input({ source: new BufferSource(bytes), formats: ALL_FORMATS });
}

describe('the sandbox’s demo clips, read back with mediabunny', () => {
  it('the video is a 96×160, 2-second H.264 Constrained Baseline MP4 of 4 key frames', async () => {
    const input = open(demoVideoClip());
    expect(await input.getMimeType()).toMatch(/^video\/mp4/);
    const track = (await input.getPrimaryVideoTrack())!;
    expect(track.codec).toBe('avc');
    expect(await track.getCodecParameterString()).toBe('avc1.42c01e');
    expect([track.displayWidth, track.displayHeight]).toEqual([96, 160]);
    expect(await input.computeDuration()).toBeCloseTo(CLIP_DURATION_MS / 1000, 3);
    const packets = [];
    for await (const p of new EncodedPacketSink(track).packets()) packets.push(p);
    expect(packets.map((p) => p.type)).toEqual(Array(4).fill('key'));
    // Each frame: 60 I_PCM macroblocks of 384 samples, plus headers.
    for (const p of packets) expect(p.byteLength).toBeGreaterThan(60 * 384);
  });

  it('the voice note is 2 seconds of 8 kHz mono 16-bit PCM that is not silence', async () => {
    const bytes = demoVoiceClip();
    const input = open(bytes);
    const track = (await input.getPrimaryAudioTrack())!;
    expect(track.codec).toBe('pcm-s16');
    expect([track.sampleRate, track.numberOfChannels]).toEqual([8000, 1]);
    expect(await input.computeDuration()).toBeCloseTo(CLIP_DURATION_MS / 1000, 3);
    let peak = 0;
    for (let i = 44; i < bytes.length; i += 2) peak = Math.max(peak, Math.abs(bytes.readInt16LE(i)));
    expect(peak).toBeGreaterThan(5000);
  });

  it('is generated once and reused', () => {
    expect(demoVideoClip()).toBe(demoVideoClip());
    expect(demoVoiceClip()).toBe(demoVoiceClip());
  });
});
