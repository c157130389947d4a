import { expect } from 'chai';
import { deviceColumns, primaryLanguage, screenClass } from '../../../../worker/normalize/device.js';
import { platformId } from '../../../../worker/normalize/knownReferrers.js';
import { ToDeadLetter } from '../../../../worker/normalize/toDeadLetter.js';

const MAC = { browser: 'Safari', browserVersion: '17.1', os: 'macOS', device: 'desktop' as const };

describe('normalize: device hints', () => {
  it('when a screen width is on either side of each breakpoint then the class follows it', () => {
    expect([0, 575, 576, 991, 992, 1439, 1440, 5120].map(screenClass)).to.deep.equal([
      'mobile', 'mobile', 'tablet', 'tablet', 'laptop', 'laptop', 'desktop', 'desktop',
    ]);
  });

  it('when a language tag has a region or odd case then only its lowercased primary subtag is kept', () => {
    expect(['pt-BR', 'EN', 'zh-Hant-TW', 'x', '', null, '12'].map(primaryLanguage)).to.deep.equal(['pt', 'en', 'zh', null, null, null, null]);
  });

  it('when a Mac has more than one touch point then it is a tablet, and one touch point (a touch screen mouse) is not', () => {
    expect(deviceColumns({ touchPoints: 5 }, MAC, null)).to.deep.equal({ device: 'tablet', language: null, screen_class: null });
    expect(deviceColumns({ touchPoints: 1 }, MAC, null)).to.include({ device: 'desktop' });
    expect(deviceColumns({ touchPoints: 5 }, { ...MAC, os: 'Windows' }, null)).to.include({ device: 'desktop' });
  });

  it('when the event carries no language then the job\'s is used, and the event\'s wins when present', () => {
    expect(deviceColumns({}, MAC, 'de')).to.include({ language: 'de' });
    expect(deviceColumns({ language: 'fr-CA' }, MAC, 'de')).to.include({ language: 'fr' });
  });

  it('when a hint is negative or not a number then it is malformed', () => {
    expect(deviceColumns({ screenWidth: -1 }, MAC, null)).to.deep.equal(new ToDeadLetter('malformed', 'screenWidth'));
    expect(deviceColumns({ language: 7 }, MAC, null)).to.deep.equal(new ToDeadLetter('malformed', 'language'));
  });

  it('when the list names a platform then its id is a stable lowercase slug', () => {
    expect(['Google', 'Google Images', 'Twitter', 'Yahoo!', 'Hacker News', 'Vkontakte'].map(platformId)).to.deep.equal([
      'google', 'google', 'x', 'yahoo', 'hacker-news', 'vk',
    ]);
  });
});
