import { GMS_ALARM_DEFAULTS, GMS_ALARMS, GMS_LONG_POLL_PATHS, servesLongPolls } from '../../lib/gms';
import { resolveAlarmThresholds } from '../../lib/gms/monitoring';

describe('the cloud-neutral monitoring vocabulary', () => {
  it('names the CometD and chat-notification paths as the ones where GMS holds long polls', () => {
    expect(GMS_LONG_POLL_PATHS).toEqual(['/genesys/cometd', '/genesys/cometd/connect', '/genesys/2/chat-ntf', '/genesys/2/chat-ntf/connect']);
  });

  it.each([
    [{ isDefault: true, pathPatterns: [] }, true, 'the default group gets every exposed path, CometD included'],
    [{ isDefault: false, pathPatterns: ['/genesys/2/chat/*'] }, false, 'Chat API v2 REST only'],
    [{ isDefault: false, pathPatterns: ['/genesys/2/chat/sales*', '/genesys/2/chat/support?'] }, false, 'REST services by name'],
    [{ isDefault: false, pathPatterns: ['/genesys/*'] }, true, 'a wildcard that reaches CometD'],
    [{ isDefault: false, pathPatterns: ['/genesys/cometd*'] }, true, 'CometD itself'],
    [{ isDefault: false, pathPatterns: ['/genesys/2/chat-ntf'] }, true, 'chat notifications'],
    [{ isDefault: false, pathPatterns: ['/genesys/2/chat?ntf'] }, true, '? matches the hyphen'],
    [{ isDefault: false, pathPatterns: ['/genesys/2/chat.ntf'] }, false, 'a dot is a literal dot'],
  ])('servesLongPolls(%j) is %s: %s', (group, expected) => {
    expect(servesLongPolls(group)).toBe(expected);
  });

  it('fills in the defaults and rejects a threshold out of its range, naming it', () => {
    expect(resolveAlarmThresholds(undefined)).toEqual({ thresholds: GMS_ALARM_DEFAULTS });
    expect(resolveAlarmThresholds({ restLatencySeconds: 1, unhealthyHostMinutes: undefined })).toEqual({ thresholds: { ...GMS_ALARM_DEFAULTS, restLatencySeconds: 1 } });
    expect(resolveAlarmThresholds({ unhealthyHostMinutes: 2.5 })).toEqual({ property: 'thresholds.unhealthyHostMinutes', error: 'must be an integer between 1 and 60; got 2.5' });
    expect(resolveAlarmThresholds({ backend5xxRatePercent: -1 })).toEqual({ property: 'thresholds.backend5xxRatePercent', error: 'must be a number between 0 and 100; got -1' });
  });

  it('says for every alarm what it watches and what to do', () => {
    for (const entry of Object.values(GMS_ALARMS)) {
      expect(entry.signal.length).toBeGreaterThan(20);
      expect(entry.whenItFires.length).toBeGreaterThan(40);
    }
  });
});
