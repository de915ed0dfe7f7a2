import { useState, type FormEvent } from 'react';
import { errorText, useChatState, useStore } from '../../state/store-context.js';
import { Button } from '../atoms/button.js';
import { FormField } from '../molecules/form-field.js';

export function ProfileForm() {
  const store = useStore();
  const { me } = useChatState();
  const [displayName, setDisplayName] = useState(me?.displayName ?? '');
  const [bio, setBio] = useState(me?.bio ?? '');
  const [avatarUrl, setAvatarUrl] = useState(me?.avatarUrl ?? '');
  const [notice, setNotice] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    store.updateProfile({ displayName, bio, ...(avatarUrl ? { avatarUrl } : {}) }).then(
      () => setNotice('Profile saved'),
      (e: unknown) => setNotice(errorText(e)),
    );
  };

  return (
    <form className="panel" onSubmit={submit} aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <p>
        @{me?.username} · {me?.email} {me?.isEmailVerified ? '(confirmed)' : '(not confirmed)'}
      </p>
      {me && !me.isEmailVerified && (
        <Button
          variant="link"
          onClick={() => {
            store.requestEmailVerification().then(
              () => setNotice(`A confirmation link is on its way to ${me.email}`),
              (e: unknown) => setNotice(errorText(e)),
            );
          }}
        >
          Send me a confirmation link
        </Button>
      )}
      <FormField label="Display name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} maxLength={64} />
      <FormField label="Bio" value={bio} onChange={(e) => setBio(e.target.value)} maxLength={500} />
      <FormField label="Avatar URL" type="url" value={avatarUrl} onChange={(e) => setAvatarUrl(e.target.value)} />
      <Button type="submit" variant="primary">
        Save profile
      </Button>
      {notice && <p role="status">{notice}</p>}
    </form>
  );
}
