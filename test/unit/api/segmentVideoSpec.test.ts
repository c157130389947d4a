import { expect } from 'chai';
import { v5 as uuidv5 } from 'uuid';
import { videoSpecEvent } from '../../../api/segment/videoSpec.js';
import { VideoStateEvent } from '../../../shared/events/schema.js';

const PROJECT = '11111111-1111-4111-8111-111111111111';
const VISITOR = '33333333-3333-4333-8333-333333333333';
const COMMON = { id: '44444444-4444-4444-8444-444444444444', ts: Date.UTC(2026, 2, 1, 12), visitorId: VISITOR, sessionId: '55555555-5555-4555-8555-555555555555' };
const OPTIONS = { projectId: PROJECT, slotProperty: 'slot_id' };

describe('api: Segment Video Spec messages', () => {
  it('when a heartbeat names its playback session, asset, position and length then it is a valid video_state of that play', () => {
    const event = videoSpecEvent('Video Content Playing', { session_id: '12345', content_asset_id: 'intro', position: 30, total_length: 120, slot_id: 'hero', video_player: 'youtube' }, COMMON, OPTIONS);
    expect(event).to.deep.equal({
      ...COMMON,
      type: 'video_state',
      playId: uuidv5(`play:${VISITOR}:12345`, PROJECT),
      state: 'playing',
      videoId: 'intro',
      slotId: 'hero',
      position: 30,
      totalLength: 120,
      videoPlayer: 'youtube',
    });
    expect(VideoStateEvent.safeParse(event).success).to.equal(true);
  });

  it('when the properties are camelCase then they are read the same', () => {
    const event = videoSpecEvent('Video Playback Seek Started', { sessionId: 7, assetId: 'a1', position: 3, totalLength: 60, seekPosition: 40, slotId: 's' }, COMMON, OPTIONS)!;
    expect(event).to.deep.include({ state: 'seek_started', playId: uuidv5(`play:${VISITOR}:7`, PROJECT), videoId: 'a1', slotId: 's', position: 3, totalLength: 60, seekPosition: 40 });
  });

  it('when each Video Spec name arrives then it maps to its state; ad events and other names are not signals', () => {
    const state = (name: string) => videoSpecEvent(name, { session_id: 's' }, COMMON, OPTIONS)?.state;
    expect(
      ['Video Playback Started', 'Video Content Started', 'Video Content Playing', 'Video Playback Paused', 'Video Playback Resumed', 'Video Playback Seek Started',
        'Video Playback Seek Completed', 'Video Playback Buffer Started', 'Video Playback Buffer Completed', 'Video Content Completed', 'Video Playback Completed',
        'Video Playback Exited', 'Video Playback Interrupted'].map(state),
    ).to.deep.equal(['playback_started', 'content_started', 'playing', 'paused', 'resumed', 'seek_started', 'seek_completed', 'buffer_started', 'buffer_completed',
      'content_completed', 'playback_completed', 'exited', 'interrupted']);
    expect(state('video_playback_started')).to.equal('playback_started');
    expect(state('Video Ad Started')).to.equal(undefined);
    expect(state('Order Completed')).to.equal(undefined);
  });

  it('when the message names no playback session then it is not a signal (it becomes a custom event)', () => {
    expect(videoSpecEvent('Video Content Playing', { content_asset_id: 'intro', position: 3 }, COMMON, OPTIONS)).to.equal(undefined);
    expect(videoSpecEvent('Video Content Playing', { session_id: '  ' }, COMMON, OPTIONS)).to.equal(undefined);
  });

  it('when the asset is only in content_asset_ids, or has characters outside the catalog alphabet, then the first id is used, sanitised', () => {
    expect(videoSpecEvent('Video Playback Started', { session_id: 's', content_asset_ids: ['Intro Video #1', 'b'] }, COMMON, OPTIONS)!.videoId).to.equal('Intro_Video_1');
    expect(videoSpecEvent('Video Playback Started', { session_id: 's', content_asset_id: '###' }, COMMON, OPTIONS)).not.to.have.property('videoId');
  });

  it('when a position or length is out of range or not a number then it is left out, and the message still maps', () => {
    const event = videoSpecEvent('Video Content Playing', { session_id: 's', position: -1, total_length: 0, seek_position: 'ten' }, COMMON, OPTIONS)!;
    expect(event).not.to.have.any.keys('position', 'totalLength', 'seekPosition');
    expect(videoSpecEvent('Video Content Playing', { session_id: 's', position: '12.5' }, COMMON, OPTIONS)!.position).to.equal(12.5);
  });

  it('when the project names another slot property then that property (or its camelCase form) is the slot', () => {
    const options = { projectId: PROJECT, slotProperty: 'placement_name' };
    expect(videoSpecEvent('Video Content Started', { session_id: 's', placementName: 'sidebar', slot_id: 'x' }, COMMON, options)!.slotId).to.equal('sidebar');
  });
});

describe('api: Segment Video Spec names and player text the contract would refuse', () => {
  it('when a track is named like an Object member (constructor) then it is no signal, so it stays a custom event', () => {
    expect(videoSpecEvent('constructor', { session_id: 's', content_asset_id: 'intro' }, COMMON, OPTIONS)).to.equal(undefined);
    expect(videoSpecEvent('Constructor', { session_id: 's' }, COMMON, OPTIONS)).to.equal(undefined);
  });

  it('when video_player is longer than a label and ends in an emoji at the cut then it is cut before the pair, and the signal is valid', () => {
    const player = `${'p'.repeat(255)}😀`;
    const event = videoSpecEvent('Video Content Playing', { session_id: 's', content_asset_id: 'intro', video_player: player }, COMMON, OPTIONS)!;
    expect(event.videoPlayer).to.equal('p'.repeat(255));
    expect(VideoStateEvent.safeParse(event).success).to.equal(true);
  });

  it('when video_player holds a NUL then it is left out and the signal is still valid', () => {
    const event = videoSpecEvent('Video Content Playing', { session_id: 's', content_asset_id: 'intro', video_player: 'yt\u0000' }, COMMON, OPTIONS)!;
    expect(event).not.to.have.property('videoPlayer');
    expect(event.state).to.equal('playing');
  });
});
