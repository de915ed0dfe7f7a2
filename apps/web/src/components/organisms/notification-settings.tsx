import { useEffect, useMemo, useState } from 'react';
import type { NotificationPreferences } from '../../api/types.js';
import { PushDevice, type PushDeviceStatus } from '../../push/push-device.js';
import { errorText, useChatState, useStore } from '../../state/store-context.js';
import { Toggle } from '../atoms/toggle.js';
import { NotificationLevelSelect } from '../molecules/notification-level-select.js';
import { SelectField } from '../molecules/select-field.js';
import { titleOf } from './conversation-list.js';

const STATUS_TEXT: Record<PushDeviceStatus, string> = {
  unsupported: 'This browser cannot receive push notifications.',
  denied: "Notifications are blocked for this site in the browser's settings.",
  off: 'This device gets no push notifications.',
  on: 'This device gets a notification for messages you should hear about while no tab of the app is open.',
};

const EMAIL_OPTIONS = [
  { value: 'never', label: 'Never' },
  { value: 'mentions', label: 'Mentions and direct messages' },
  { value: 'all', label: 'All unread messages' },
] as const satisfies readonly { value: NotificationPreferences['email']; label: string }[];

/** Settings: push on this device, the account's push/email preferences, and each conversation's level. */
export function NotificationSettings() {
  const store = useStore();
  const { conversations, me } = useChatState();
  const device = useMemo(() => new PushDevice(store.api), [store]);
  const [status, setStatus] = useState<PushDeviceStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [deviceError, setDeviceError] = useState<string | null>(null);
  const [prefs, setPrefs] = useState<NotificationPreferences | null>(null);
  const [prefsNotice, setPrefsNotice] = useState<string | null>(null);

  useEffect(() => {
    device.status().then(setStatus, (e: unknown) => setDeviceError(errorText(e)));
    device.preferences().then(setPrefs, (e: unknown) => setPrefsNotice(errorText(e)));
  }, [device]);

  const toggleDevice = (on: boolean) => {
    setBusy(true);
    setDeviceError(null);
    (on ? device.enable() : device.disable())
      .catch((e: unknown) => setDeviceError(errorText(e)))
      .then(() => device.status())
      .then(setStatus, () => undefined)
      .finally(() => setBusy(false));
  };

  const savePrefs = (next: NotificationPreferences) => {
    const previous = prefs;
    setPrefs(next);
    setPrefsNotice(null);
    device.savePreferences(next).then(
      (saved) => {
        setPrefs(saved);
        setPrefsNotice('Preferences saved');
      },
      (e: unknown) => {
        setPrefs(previous);
        setPrefsNotice(errorText(e));
      },
    );
  };

  return (
    <section className="panel settings" aria-labelledby="settings-title">
      <h2 id="settings-title">Notifications</h2>
      <h3>This device</h3>
      <Toggle label="Notifications on this device" checked={status === 'on'} disabled={busy || status === null || status === 'unsupported'} onChange={toggleDevice} />
      <p className="muted" data-testid="push-status">
        {busy ? 'Working…' : status ? STATUS_TEXT[status] : 'Checking…'}
      </p>
      {deviceError && (
        <p className="form-error" role="alert" data-testid="push-error">
          {deviceError}
        </p>
      )}

      <h3>Your account</h3>
      {prefs && (
        <>
          <Toggle label="Push notifications while I am not connected" checked={prefs.push} onChange={(push) => savePrefs({ ...prefs, push })} />
          <SelectField label="Email me about unread messages" value={prefs.email} options={EMAIL_OPTIONS} onChange={(email) => savePrefs({ ...prefs, email })} />
        </>
      )}
      {prefsNotice && <p role="status">{prefsNotice}</p>}

      <h3>Conversations</h3>
      {conversations.length === 0 ? (
        <p className="muted">No conversations yet.</p>
      ) : (
        <ul className="user-list" aria-label="Notification level per conversation">
          {conversations.map((c) => (
            <li key={c.id} className="user-row">
              <span className="user-name">{titleOf(c, me?.id)}</span>
              <NotificationLevelSelect title={titleOf(c, me?.id)} level={c.notificationLevel} onChange={(level) => store.setNotificationLevel(c.id, level)} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
