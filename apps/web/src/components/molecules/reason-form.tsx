import { useState, type FormEvent } from 'react';
import { Button } from '../atoms/button.js';
import { FormField } from './form-field.js';

export interface ReasonFormProps {
  /** The action confirmed, as the submit button says it ("Disable alice"). */
  action: string;
  onSubmit: (reason: string) => Promise<void>;
  onCancel: () => void;
}

/** Asks why before an action that needs a reason (it goes to the audit log); the action's error stays here. */
export function ReasonForm({ action, onSubmit, onCancel }: ReasonFormProps) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return setError('Give a reason: it is kept in the audit log.');
    setBusy(true);
    onSubmit(reason.trim()).catch((e: unknown) => {
      setError(e instanceof Error ? e.message : 'Something went wrong');
      setBusy(false);
    });
  };
  return (
    <form className="inline-form reason-form" onSubmit={submit} aria-label={action}>
      <FormField label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} error={error} autoFocus />
      <Button type="submit" variant="danger" disabled={busy}>
        {action}
      </Button>
      <Button onClick={onCancel}>Cancel</Button>
    </form>
  );
}
